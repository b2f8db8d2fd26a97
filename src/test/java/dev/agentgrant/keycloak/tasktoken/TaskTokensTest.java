package dev.agentgrant.keycloak.tasktoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.AccessToken;

/**
 * Task tokens are read with Keycloak's own parser: every spelling of a token that Keycloak accepts yields the same
 * claims here, so a re-spelt task token is still recognised; what Keycloak cannot read is no token at all.
 */
class TaskTokensTest {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** A signature whose Base64url spelling has both '-' and '_' (bytes 0xfb 0xff 0xbf), so re-spelling changes it. */
    private static final byte[] SIGNATURE = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 1, 2, 3, 4};

    private static String jwt(String payload) {
        return URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + URL.encodeToString(SIGNATURE);
    }

    private static final String TASK = jwt("{\"jti\":\"trrttg:1\",\"sub\":\"u\",\"grant_id\":\"g\"}");

    static Stream<Arguments> spellingsKeycloakAccepts() {
        String signature = URL.encodeToString(SIGNATURE);
        String standardAlphabet = Base64.getEncoder().withoutPadding().encodeToString(SIGNATURE);
        assertThat(standardAlphabet).isNotEqualTo(signature);
        String unsigned = TASK.substring(0, TASK.lastIndexOf('.'));
        return Stream.of(
                Arguments.of("as issued", TASK),
                Arguments.of("a trailing dot", TASK + "."),
                Arguments.of("two trailing dots", TASK + ".."),
                Arguments.of("padding after the signature", TASK + "="),
                Arguments.of("anything after padding", TASK + "==x"),
                Arguments.of("the signature in the standard Base64 alphabet", unsigned + "." + standardAlphabet),
                Arguments.of("no signature part", unsigned));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellingsKeycloakAccepts")
    void everySpellingKeycloakReadsCarriesTheSameClaims(String name, String token) {
        Optional<AccessToken> parsed = TaskTokens.parse(token);
        assertThat(parsed).as(name).isPresent();
        assertThat(parsed.get().getId()).isEqualTo("trrttg:1");
        assertThat(parsed.get().getOtherClaims()).containsEntry("grant_id", "g");
        assertThat(TaskTokenMark.isTaskToken(null, parsed.get().getOtherClaims()))
                .isTrue();
    }

    static Stream<Arguments> notTokens() {
        return Stream.of(
                Arguments.of("an opaque grant id", "Qx3kZ0vF2hT9mN4pR7sW1yB6cD8eG5jK0lA2oU3iE9w"),
                Arguments.of("four parts", "a.b.c.d"),
                Arguments.of("broken base64url", "a.*&.c"),
                Arguments.of("a JSON array payload", jwt("[\"grant_id\"]")),
                Arguments.of("empty", ""),
                Arguments.of("null", null),
                Arguments.of("over Keycloak's token cap", jwt("{\"grant_id\":\"" + "x".repeat(20_000) + "\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTokens")
    void whatKeycloakCannotReadIsNoToken(String name, String token) {
        assertThat(TaskTokens.parse(token)).as(name).isEmpty();
    }

    static Stream<Arguments> marks() {
        return Stream.of(
                Arguments.of("minted under the task-token grant type", TaskTokenMark.GRANT_TYPE, Map.of(), true),
                Arguments.of(
                        "carrying grant_id",
                        "urn:ietf:params:oauth:grant-type:token-exchange",
                        Map.of("grant_id", "g"),
                        true),
                Arguments.of(
                        "a token-exchange token", "urn:ietf:params:oauth:grant-type:token-exchange", Map.of(), false),
                Arguments.of("a token without context", null, Map.of("act", Map.of("grant_id", "g")), false),
                Arguments.of("no claims at all", "client_credentials", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("marks")
    void eitherMarkMakesATaskToken(String name, String grantType, Map<String, Object> claims, boolean task) {
        assertThat(TaskTokenMark.isTaskToken(grantType, claims)).isEqualTo(task);
    }
}
