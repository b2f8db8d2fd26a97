package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text from outside shown to a person about to decide on it (Unicode TR #36 §2): whatever could hide, reorder or
 * disguise the text around it is shown as a visible marker instead.
 */
class DisplayTextTest {

    private static final int MAX = DisplayText.MAX_LENGTH;
    private static final String ELLIPSIS = "\u2026";

    static Stream<Arguments> invisibleCharacters() {
        return Stream.of(
                // Bidi embeddings and overrides (U+202A–202E): an override makes "main" look like "niam".
                invisible("left-to-right embedding", 0x202A, "[U+202A]"),
                invisible("right-to-left embedding", 0x202B, "[U+202B]"),
                invisible("pop directional formatting", 0x202C, "[U+202C]"),
                invisible("left-to-right override", 0x202D, "[U+202D]"),
                invisible("right-to-left override", 0x202E, "[U+202E]"),
                // Bidi isolates (U+2066–2069) and marks.
                invisible("left-to-right isolate", 0x2066, "[U+2066]"),
                invisible("right-to-left isolate", 0x2067, "[U+2067]"),
                invisible("first strong isolate", 0x2068, "[U+2068]"),
                invisible("pop directional isolate", 0x2069, "[U+2069]"),
                invisible("left-to-right mark", 0x200E, "[U+200E]"),
                invisible("right-to-left mark", 0x200F, "[U+200F]"),
                invisible("Arabic letter mark", 0x061C, "[U+061C]"),
                // Zero-width characters.
                invisible("zero width space", 0x200B, "[U+200B]"),
                invisible("zero width non-joiner", 0x200C, "[U+200C]"),
                invisible("zero width joiner", 0x200D, "[U+200D]"),
                invisible("word joiner", 0x2060, "[U+2060]"),
                invisible("zero width no-break space (BOM)", 0xFEFF, "[U+FEFF]"),
                invisible("soft hyphen", 0x00AD, "[U+00AD]"),
                invisible("Mongolian vowel separator", 0x180E, "[U+180E]"),
                invisible("tag latin capital A", 0xE0041, "[U+E0041]"),
                invisible("language tag", 0xE0001, "[U+E0001]"),
                // C0 controls, DEL, C1 controls.
                invisible("NUL", 0x0000, "[U+0000]"),
                invisible("start of heading", 0x0001, "[U+0001]"),
                invisible("bell", 0x0007, "[U+0007]"),
                invisible("backspace", 0x0008, "[U+0008]"),
                invisible("tab", 0x0009, "[U+0009]"),
                invisible("line feed", 0x000A, "[U+000A]"),
                invisible("carriage return", 0x000D, "[U+000D]"),
                invisible("escape", 0x001B, "[U+001B]"),
                invisible("unit separator", 0x001F, "[U+001F]"),
                invisible("delete", 0x007F, "[U+007F]"),
                invisible("C1 padding character", 0x0080, "[U+0080]"),
                invisible("next line", 0x0085, "[U+0085]"),
                invisible("control sequence introducer", 0x009B, "[U+009B]"),
                invisible("application program command", 0x009F, "[U+009F]"),
                // Spaces that are not the ordinary space, and line breaks.
                invisible("no-break space", 0x00A0, "[U+00A0]"),
                invisible("en quad", 0x2000, "[U+2000]"),
                invisible("figure space", 0x2007, "[U+2007]"),
                invisible("hair space", 0x200A, "[U+200A]"),
                invisible("narrow no-break space", 0x202F, "[U+202F]"),
                invisible("ideographic space", 0x3000, "[U+3000]"),
                invisible("line separator", 0x2028, "[U+2028]"),
                invisible("paragraph separator", 0x2029, "[U+2029]"),
                // Variation selectors, the combining grapheme joiner and Hangul fillers show nothing themselves.
                invisible("variation selector-1", 0xFE00, "[U+FE00]"),
                invisible("variation selector-16", 0xFE0F, "[U+FE0F]"),
                invisible("variation selector-17", 0xE0100, "[U+E0100]"),
                invisible("variation selector-256", 0xE01EF, "[U+E01EF]"),
                invisible("Mongolian free variation selector one", 0x180B, "[U+180B]"),
                invisible("Mongolian free variation selector three", 0x180D, "[U+180D]"),
                invisible("Mongolian free variation selector four", 0x180F, "[U+180F]"),
                invisible("Khmer vowel inherent aq", 0x17B4, "[U+17B4]"),
                invisible("Khmer vowel inherent aa", 0x17B5, "[U+17B5]"),
                invisible("combining grapheme joiner", 0x034F, "[U+034F]"),
                invisible("Hangul choseong filler", 0x115F, "[U+115F]"),
                invisible("Hangul jungseong filler", 0x1160, "[U+1160]"),
                invisible("Hangul filler", 0x3164, "[U+3164]"),
                invisible("halfwidth Hangul filler", 0xFFA0, "[U+FFA0]"),
                // Private use and unassigned code points mean nothing a reader can check.
                invisible("private use, first", 0xE000, "[U+E000]"),
                invisible("private use, last of the BMP area", 0xF8FF, "[U+F8FF]"),
                invisible("supplementary private use A", 0xF0000, "[U+F0000]"),
                invisible("supplementary private use B", 0x10FFFD, "[U+10FFFD]"),
                invisible("unassigned in Greek", 0x0378, "[U+0378]"),
                invisible("noncharacter U+FFFE", 0xFFFE, "[U+FFFE]"),
                invisible("noncharacter U+FFFF", 0xFFFF, "[U+FFFF]"),
                invisible("last code point", 0x10FFFF, "[U+10FFFF]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invisibleCharacters")
    void invisibleCharactersAreShownAsMarkers(String name, int codePoint, String marker) {
        String character = new String(Character.toChars(codePoint));

        assertThat(DisplayText.neutralise("main" + character + "branch")).isEqualTo("main" + marker + "branch");
        assertThat(DisplayText.neutralise(character)).isEqualTo(marker);
        assertThat(DisplayText.neutralise(character + character)).isEqualTo(marker + marker);
        assertThat(DisplayText.isInvisible(codePoint)).isTrue();
    }

    /**
     * Default_Ignorable_Code_Point from Unicode 15.1 DerivedCoreProperties.txt: code points a renderer shows nothing
     * for. Whatever their general category (format, mark, letter, unassigned), each one is marked.
     */
    private static final int[][] DEFAULT_IGNORABLE = {
        {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
        {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
        {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}
    };

    @Test
    void everyDefaultIgnorableCodePointIsMarked() {
        for (int[] range : DEFAULT_IGNORABLE) {
            for (int c = range[0]; c <= range[1]; c++) {
                assertThat(DisplayText.neutralise(new String(Character.toChars(c))))
                        .as("U+%04X", c)
                        .isEqualTo(String.format("[U+%04X]", c));
            }
        }
    }

    @Test
    void aRightToLeftOverrideCannotMakeMainLookLikeNiam() {
        assertThat(DisplayText.neutralise("refs/heads/\u202Eniam\u202C")).isEqualTo("refs/heads/[U+202E]niam[U+202C]");
        assertThat(DisplayText.neutralise("invoice\u2066\u202Efdp.exe\u2069"))
                .isEqualTo("invoice[U+2066][U+202E]fdp.exe[U+2069]");
    }

    @Test
    void multiLineValuesShowTheirLineBreaks() {
        assertThat(DisplayText.neutralise("deploy\r\nApproved by security: yes\tok"))
                .isEqualTo("deploy[U+000D][U+000A]Approved by security: yes[U+0009]ok");
    }

    static Stream<Arguments> loneSurrogates() {
        return Stream.of(
                Arguments.of("a lone high surrogate", "a\uD800b", "a[U+D800]b"),
                Arguments.of("a lone low surrogate", "a\uDC00b", "a[U+DC00]b"),
                Arguments.of("the last high surrogate", "\uDBFF", "[U+DBFF]"),
                Arguments.of("the last low surrogate", "\uDFFF", "[U+DFFF]"),
                Arguments.of("a high surrogate at the end", "ab\uD83D", "ab[U+D83D]"),
                Arguments.of("a low surrogate at the start", "\uDE00ab", "[U+DE00]ab"),
                Arguments.of("a pair in the wrong order", "\uDE00\uD83D", "[U+DE00][U+D83D]"),
                Arguments.of("a high surrogate before a letter", "\uD83Dx", "[U+D83D]x"),
                Arguments.of("two high surrogates before a low one", "\uD83D\uD83D\uDE00", "[U+D83D]\uD83D\uDE00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loneSurrogates")
    void loneSurrogatesAreShownAsMarkersWhileProperPairsPass(String description, String text, String shown) {
        assertThat(DisplayText.neutralise(text)).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "deploy-bot",
                "repo:acme/payments@refs/heads/main",
                "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "spiffe://prod.acme.example/ns/payments/sa/deployer",
                "Refund order #4711 (duplicate charge), max 25.00 EUR; see https://tickets.example/T-1?x=1&y=2",
                "  leading and trailing spaces, and  double  spaces  ",
                "Crème brûlée, Straße, Ærøskøbing, Łódź",
                "Cre\u0300me bru\u0302le\u0301e", // decomposed: combining marks stay with their letter
                "Ελληνικά, Русский, Українська",
                "数据库迁移",
                "データベースの移行",
                "데이터베이스 마이그레이션",
                "ترحيل قاعدة البيانات", // Arabic letters
                "مَرْحَبًا", // Arabic with vowel marks
                "העברת מסד נתונים", // Hebrew letters
                "שָׁלוֹם", // Hebrew with points
                "डेटाबेस माइग्रेशन", // Devanagari: virama, vowel signs
                "การย้ายฐานข้อมูล", // Thai
                "🚀 deploy ✅ done 🎉",
                "👍🏽 thumbs up, medium skin tone", // an emoji modifier is a symbol, not a joiner
                "🇩🇪 🇯🇵 🇺🇳", // flags are pairs of regional indicators
                "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 𠜎𠜱", // supplementary letters and digits
                "≤ ≥ ∑ √ ∞ → ⇒ © ® ™ € £ ¥",
                "tab-less, line-less, 100% printable ASCII !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
            })
    void ordinaryTextInAnyScriptPassesUnchanged(String text) {
        assertThat(DisplayText.neutralise(text)).isEqualTo(text);
    }

    @Test
    void theOrdinarySpaceIsNotAMarker() {
        assertThat(DisplayText.neutralise(" ")).isEqualTo(" ");
        assertThat(DisplayText.neutralise("a b")).isEqualTo("a b");
        assertThat(DisplayText.isInvisible(' ')).isFalse();
    }

    /**
     * Accepted behaviour: an emoji ZWJ sequence is shown as its parts with the joiner marked, and so are an emoji's
     * presentation selector and the tag characters of subdivision flags. The joiner, selector or tag inside an emoji
     * is the same code point that can glue, disguise or hide text elsewhere; telling the two uses apart would need
     * grapheme rules the consent page does not need. The result stays legible: the person sees the woman, a
     * {@code [U+200D]} marker and the laptop instead of the single "woman technologist" glyph.
     */
    @Test
    void emojiZwjSequencesAndPresentationSelectorsAreShownAsTheirParts() {
        // Written with escapes: the joiners would be invisible in this source file too.
        assertThat(DisplayText.neutralise("\uD83D\uDC69\u200D\uD83D\uDCBB")).isEqualTo("👩[U+200D]💻");
        assertThat(DisplayText.neutralise("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"))
                .isEqualTo("👨[U+200D]👩[U+200D]👧");
        assertThat(DisplayText.neutralise("\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08"))
                .isEqualTo("🏳[U+FE0F][U+200D]🌈");
        assertThat(DisplayText.neutralise("\u2764\uFE0F")).isEqualTo("❤[U+FE0F]");
        String scotland = "\uD83C\uDFF4" + codePoints(0xE0067, 0xE0062, 0xE0073, 0xE0063, 0xE0074, 0xE007F);
        assertThat(DisplayText.neutralise(scotland))
                .isEqualTo("🏴[U+E0067][U+E0062][U+E0073][U+E0063][U+E0074][U+E007F]");
    }

    @Test
    void ordinaryLettersOfRightToLeftScriptsAreNotMarkedButTheirControlsAre() {
        assertThat(DisplayText.neutralise("שלום")).isEqualTo("שלום");
        assertThat(DisplayText.neutralise("\u200Fשלום\u200E")).isEqualTo("[U+200F]שלום[U+200E]");
        assertThat(DisplayText.neutralise("مرحبا\u061C")).isEqualTo("مرحبا[U+061C]");
    }

    @Test
    void markersAreUpperCaseHexWithAtLeastFourDigits() {
        assertThat(DisplayText.neutralise("\u0000\u00ad\ufeff" + new String(Character.toChars(0xE0100))))
                .isEqualTo("[U+0000][U+00AD][U+FEFF][U+E0100]");
    }

    // ---- length ------------------------------------------------------------------------------------------------

    @Test
    void theLimitIsThreeHundredCodePoints() {
        assertThat(MAX).isEqualTo(300);
    }

    @Test
    void aValueOfExactlyTheLimitIsShownInFull() {
        String text = "a".repeat(MAX);

        assertThat(DisplayText.neutralise(text)).isEqualTo(text);
    }

    @Test
    void aValueOneOverTheLimitIsCutWithAnEllipsis() {
        assertThat(DisplayText.neutralise("a".repeat(MAX) + "b")).isEqualTo("a".repeat(MAX) + ELLIPSIS);
    }

    @Test
    void aVeryLongValueIsCutAtTheLimit() {
        assertThat(DisplayText.neutralise("x".repeat(1_000_000))).isEqualTo("x".repeat(MAX) + ELLIPSIS);
    }

    @Test
    void theLimitCountsCodePointsNotChars() {
        // 300 code points in 450 chars: within the limit.
        String emojiAndLetters = "😀".repeat(MAX / 2) + "a".repeat(MAX / 2);
        assertThat(emojiAndLetters.length()).isEqualTo(MAX * 3 / 2);

        assertThat(DisplayText.neutralise(emojiAndLetters)).isEqualTo(emojiAndLetters);
        assertThat(DisplayText.neutralise("😀".repeat(MAX))).isEqualTo("😀".repeat(MAX));
        assertThat(DisplayText.neutralise("😀".repeat(MAX + 1))).isEqualTo("😀".repeat(MAX) + ELLIPSIS);
    }

    @ParameterizedTest(name = "{0} letters, then a surrogate pair")
    @ValueSource(ints = {MAX - 2, MAX - 1, MAX, MAX + 1})
    void aCutNeverSplitsASurrogatePair(int letters) {
        String text = "a".repeat(letters) + "😀" + "b".repeat(5);

        String shown = DisplayText.neutralise(text);

        assertThat(shown).endsWith(ELLIPSIS);
        assertThat(shown.codePointCount(0, shown.length())).isEqualTo(MAX + 1);
        assertThat(shown.codePoints()).noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
        assertThat(shown).isEqualTo(text.substring(0, text.offsetByCodePoints(0, MAX)) + ELLIPSIS);
    }

    @Test
    void markersCountAsTheOneCodePointTheyReplace() {
        assertThat(DisplayText.neutralise("\u202E".repeat(MAX))).isEqualTo("[U+202E]".repeat(MAX));
        assertThat(DisplayText.neutralise("\u202E".repeat(MAX + 1))).isEqualTo("[U+202E]".repeat(MAX) + ELLIPSIS);
        assertThat(DisplayText.neutralise("a".repeat(MAX - 1) + "\u200B" + "c"))
                .isEqualTo("a".repeat(MAX - 1) + "[U+200B]" + ELLIPSIS);
    }

    @Test
    void nullShowsAsEmpty() {
        assertThat(DisplayText.neutralise(null)).isEmpty();
        assertThat(DisplayText.neutralise("")).isEmpty();
    }

    private static String codePoints(int... codePoints) {
        return new String(codePoints, 0, codePoints.length);
    }

    private static Arguments invisible(String name, int codePoint, String marker) {
        return Arguments.of(name, codePoint, marker);
    }
}
