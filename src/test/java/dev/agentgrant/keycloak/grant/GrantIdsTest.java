package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Grant ids: 256 random bits as 43 base64url characters, and the shape check that spares a database lookup. */
class GrantIdsTest {

    private static final int SAMPLES = 10_000;
    private static final String A42 = "A".repeat(42);

    @Test
    void generatedIdsAre43Base64urlCharactersOf32RandomBytes() {
        for (int i = 0; i < SAMPLES; i++) {
            String id = GrantIds.generate();

            assertThat(id).hasSize(43).matches("[A-Za-z0-9_-]{43}");
            assertThat(GrantIds.isWellFormed(id)).isTrue();
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
        }
        assertThat(GrantIds.LENGTH).isEqualTo(43);
    }

    @Test
    void generatedIdsNeverRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            ids.add(GrantIds.generate());
        }

        assertThat(ids).hasSize(SAMPLES);
    }

    @Test
    void generatedIdsUseTheWholeBase64urlAlphabet() {
        // 10,000 ids × 42 full characters: each of the 64 symbols is expected ~6,500 times.
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            GrantIds.generate().chars().forEach(c -> used.add((char) c));
        }

        assertThat(used).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "-------------------------------------------",
                "___________________________________________",
                "q3ZbqGmT0f2f5p7cSx7l6c0u2kxR0h1Jv9WkU6m0Jq4",
                "zZ09-_aA09-_aA09-_aA09-_aA09-_aA09-_aA09-_a"
            })
    void anyFortyThreeBase64urlCharactersAreWellFormed(String value) {
        assertThat(GrantIds.isWellFormed(value)).isTrue();
    }

    static Stream<Arguments> notAGrantId() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("42 characters", A42),
                Arguments.of("44 characters", A42 + "AA"),
                Arguments.of("a generated id and one more", GrantIds.generate() + "A"),
                Arguments.of("a generated id but its last", GrantIds.generate().substring(1)),
                Arguments.of("plus (base64, not base64url)", A42 + "+"),
                Arguments.of("slash (base64, not base64url)", "/" + A42),
                Arguments.of("padding", A42 + "="),
                Arguments.of("padded 44 characters", A42 + "A="),
                Arguments.of("dot", A42.substring(1) + ".A"),
                Arguments.of("blank", A42.substring(1) + " A"),
                Arguments.of("trailing line break", A42 + "\n"),
                Arguments.of("trailing line break after 43", A42 + "A\n"),
                Arguments.of("NUL", A42 + "\u0000"),
                Arguments.of("Latin é", A42 + "\u00E9"),
                Arguments.of("Cyrillic а", A42 + "\u0430"),
                Arguments.of("full-width A", A42 + "\uFF21"),
                Arguments.of("Arabic-Indic digit", A42 + "\u0661"),
                Arguments.of("emoji", A42.substring(1) + "\uD83D\uDE00"),
                Arguments.of("percent-encoded", A42.substring(2) + "%41"),
                Arguments.of("SQL quote", "' OR '1'='1' --" + "A".repeat(28)),
                Arguments.of("SQL statement", "x'; DROP TABLE AGENT_GRANT_TASK_GRANT; --AA"),
                Arguments.of("SQL wildcard", "%".repeat(43)),
                Arguments.of("path traversal", "../../" + "A".repeat(37)),
                Arguments.of("a JWT", "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJhZ2VudCJ9.c2ln"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAGrantId")
    void anythingElseIsNotAGrantId(String why, String value) {
        assertThat(GrantIds.isWellFormed(value)).isFalse();
    }

    @Test
    void theRefusalTableBendsOnlyTheShape() {
        // The refusals above that keep 43 characters really are 43 long, so it is the character that is refused.
        assertThat("' OR '1'='1' --" + "A".repeat(28)).hasSize(43);
        assertThat("x'; DROP TABLE AGENT_GRANT_TASK_GRANT; --AA").hasSize(43);
        assertThat("../../" + "A".repeat(37)).hasSize(43);
        assertThat(A42.substring(1) + ".A").hasSize(43);
    }
}
