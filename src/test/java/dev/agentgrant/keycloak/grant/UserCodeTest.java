package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The user code a human types on the approval page (RFC 8628 §6.1). */
class UserCodeTest {

    private static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    private static final String SHAPE = "[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}";
    private static final int SAMPLES = 20_000;

    // ---- generate ----------------------------------------------------------------------------------------------

    @Test
    void theAlphabetIsRfc8628sTwentyConsonants() {
        assertThat(UserCode.ALPHABET).isEqualTo(ALPHABET).hasSize(20).doesNotContainPattern("[AEIOUY0-9]");
        assertThat(UserCode.LENGTH).isEqualTo(8);
    }

    @Test
    void generatedCodesAreFourLettersDashFourLettersFromTheAlphabetOnly() {
        for (int i = 0; i < SAMPLES; i++) {
            String code = UserCode.generate();

            assertThat(code).matches(SHAPE);
            assertThat(UserCode.display(code)).isEqualTo(code);
            assertThat(UserCode.normalize(code)).contains(code.replace("-", ""));
        }
    }

    @Test
    void generatedCodesUseEveryLetterAtEveryPositionRoughlyEvenly() {
        int[][] counts = new int[UserCode.LENGTH][ALPHABET.length()];
        for (int i = 0; i < SAMPLES; i++) {
            String letters = UserCode.generate().replace("-", "");
            for (int position = 0; position < UserCode.LENGTH; position++) {
                counts[position][ALPHABET.indexOf(letters.charAt(position))]++;
            }
        }

        // Expected 1,000 per letter and position with a standard deviation of about 31: ±25% is eight deviations,
        // so a fair generator never fails, while a skewed one (a modulo bias, a fixed position) always does.
        double expected = (double) SAMPLES / ALPHABET.length();
        for (int position = 0; position < UserCode.LENGTH; position++) {
            for (int letter = 0; letter < ALPHABET.length(); letter++) {
                assertThat(counts[position][letter])
                        .as("letter %s at position %d", ALPHABET.charAt(letter), position)
                        .isBetween((int) (expected * 0.75), (int) (expected * 1.25));
            }
        }
    }

    @Test
    void generatedCodesRarelyRepeat() {
        // 20^8 ≈ 2.56e10 codes: 20,000 samples collide with a probability of about 0.8%, two collisions about 3e-5.
        Set<String> seen = new HashSet<>();
        int repeats = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (!seen.add(UserCode.generate())) {
                repeats++;
            }
        }

        assertThat(repeats).isLessThanOrEqualTo(2);
    }

    // ---- normalize: leniency -----------------------------------------------------------------------------------

    static Stream<Arguments> typingsOfTheSameCode() {
        return Stream.of(
                Arguments.of("as displayed", "BCDF-GHJK"),
                Arguments.of("lower case", "bcdf-ghjk"),
                Arguments.of("mixed case", "bCdF-GhJk"),
                Arguments.of("without the dash", "BCDFGHJK"),
                Arguments.of("lower case without the dash", "bcdfghjk"),
                Arguments.of("a blank for the dash", "BCDF GHJK"),
                Arguments.of("blanks around", "  BCDF-GHJK  "),
                Arguments.of("blanks and dash", "BCDF - GHJK"),
                Arguments.of("dashes everywhere", "-B-C-D-F-G-H-J-K-"),
                Arguments.of("blank between every letter", "B C D F G H J K"),
                Arguments.of("two dashes", "BCDF--GHJK"),
                Arguments.of("longest accepted typing, 32 characters", "B-C-D-F-G-H-J-K" + " ".repeat(17)));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("typingsOfTheSameCode")
    void normalizeIgnoresCaseDashesAndBlanks(String why, String typed) {
        assertThat(UserCode.normalize(typed)).contains("BCDFGHJK");
    }

    @Test
    void normalizeKeepsEveryLetterOfTheAlphabet() {
        assertThat(UserCode.normalize("BCDF-GHJK")).contains("BCDFGHJK");
        assertThat(UserCode.normalize("LMNP-QRST")).contains("LMNPQRST");
        assertThat(UserCode.normalize("VWXZ-vwxz")).contains("VWXZVWXZ");
    }

    // ---- normalize: refusals -----------------------------------------------------------------------------------

    static Stream<Arguments> notACode() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("only a dash", "-"),
                Arguments.of("only blanks", "        "),
                Arguments.of("seven letters", "BCDF-GHJ"),
                Arguments.of("nine letters", "BCDF-GHJKL"),
                Arguments.of("sixteen letters", "BCDFGHJKBCDFGHJK"),
                Arguments.of("vowel A", "BCDF-GHJA"),
                Arguments.of("vowel E", "ECDF-GHJK"),
                Arguments.of("vowel I", "BCIF-GHJK"),
                Arguments.of("vowel O", "BCDF-OHJK"),
                Arguments.of("vowel U", "BCDF-GUJK"),
                Arguments.of("Y", "BCDF-GHJY"),
                Arguments.of("lower-case vowel", "bcdf-ghja"),
                Arguments.of("digit 0", "BCDF-GHJ0"),
                Arguments.of("digit 1", "1CDF-GHJK"),
                Arguments.of("all digits", "1234-5678"),
                Arguments.of("underscore for the dash", "BCDF_GHJK"),
                Arguments.of("dot for the dash", "BCDF.GHJK"),
                Arguments.of("tab", "BCDF\tGHJK"),
                Arguments.of("line break", "BCDF-GHJK\n"),
                Arguments.of("NUL", "BCDF-GHJK\u0000"),
                Arguments.of("full-width letters", "\uFF22\uFF23\uFF24\uFF26-\uFF27\uFF28\uFF2A\uFF2B"),
                Arguments.of("full-width lower-case letters", "\uFF42\uFF43\uFF44\uFF46-\uFF47\uFF48\uFF4A\uFF4B"),
                Arguments.of("one full-width letter", "BCDF-GHJ\uFF2B"),
                Arguments.of("Cyrillic В and С", "\u0412\u0421DF-GHJK"),
                Arguments.of("Cyrillic Т and К", "BCDF-GH\u0422\u041A"),
                Arguments.of("Cyrillic lower-case с", "B\u0441DF-GHJK"),
                Arguments.of("Greek capital Beta", "\u0392CDF-GHJK"),
                Arguments.of("Latin long s, upper-cased by Java to S", "BCDF-GHJ\u017F"),
                Arguments.of("Latin dotless i, upper-cased by Java to I", "BCDF-GHJ\u0131"),
                Arguments.of("Kelvin sign", "BCDF-GHJ\u212A"),
                Arguments.of("mathematical bold B (a surrogate pair)", "\uD835\uDC01CDF-GHJK"),
                Arguments.of("combining accent", "BCDF-GHJK\u0301"),
                Arguments.of("non-breaking space", "BCDF\u00A0GHJK"),
                Arguments.of("33 characters, one over the cap", "B-C-D-F-G-H-J-K" + " ".repeat(18)),
                Arguments.of("a megabyte of dashes and a code", "-".repeat(1 << 20) + "BCDFGHJK"),
                Arguments.of("a code repeated", "BCDF-GHJK".repeat(1000)),
                Arguments.of("SQL", "' OR 1=1 --"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notACode")
    void normalizeRefusesWhatCannotBeACode(String why, String typed) {
        assertThat(UserCode.normalize(typed)).isEmpty();
        assertThat(UserCode.hash(typed)).isEmpty();
        assertThatThrownBy(() -> UserCode.display(typed)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalizeRefusesNull() {
        assertThat(UserCode.normalize(null)).isEmpty();
        assertThat(UserCode.hash(null)).isEmpty();
        assertThatThrownBy(() -> UserCode.display(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- hash --------------------------------------------------------------------------------------------------

    @Test
    void everyTypingOfACodeHashesAlike() {
        Set<String> hashes = new HashSet<>();
        typingsOfTheSameCode()
                .forEach(typing ->
                        hashes.add(UserCode.hash((String) typing.get()[1]).orElseThrow()));

        assertThat(hashes).hasSize(1);
        assertThat(hashes.iterator().next()).matches("[0-9a-f]{64}").doesNotContainIgnoringCase("BCDFGHJK");
    }

    @Test
    void codesThatDifferInOneLetterAnywhereHashDifferently() {
        String base = "BCDFGHJK";
        Set<String> hashes = new HashSet<>();
        hashes.add(UserCode.hash(base).orElseThrow());
        int variants = 1;
        for (int position = 0; position < base.length(); position++) {
            for (char letter : ALPHABET.toCharArray()) {
                if (letter == base.charAt(position)) {
                    continue;
                }
                String variant = base.substring(0, position) + letter + base.substring(position + 1);
                hashes.add(UserCode.hash(variant).orElseThrow());
                variants++;
            }
        }

        assertThat(variants).isEqualTo(1 + 8 * 19);
        assertThat(hashes).hasSize(variants);
    }

    @Test
    void distinctGeneratedCodesHashDistinctly() {
        Set<String> codes = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        IntStream.range(0, 2_000).mapToObj(i -> UserCode.generate()).forEach(code -> {
            codes.add(code);
            hashes.add(UserCode.hash(code).orElseThrow());
        });

        assertThat(hashes).hasSameSizeAs(codes);
    }

    @Test
    void theHashIsDeterministic() {
        assertThat(UserCode.hash("BCDF-GHJK")).isEqualTo(UserCode.hash("BCDF-GHJK"));
    }

    // ---- display -----------------------------------------------------------------------------------------------

    static List<Arguments> displayedForms() {
        return List.of(
                Arguments.of("BCDF-GHJK", "BCDF-GHJK"),
                Arguments.of("bcdfghjk", "BCDF-GHJK"),
                Arguments.of(" lmnp qrst ", "LMNP-QRST"),
                Arguments.of("V-W-X-Z-V-W-X-Z", "VWXZ-VWXZ"));
    }

    @ParameterizedTest(name = "\"{0}\" is shown as {1}")
    @MethodSource("displayedForms")
    void displayShowsTheNormalizedCodeWithADashInTheMiddle(String typed, String shown) {
        assertThat(UserCode.display(typed)).isEqualTo(shown);
    }
}
