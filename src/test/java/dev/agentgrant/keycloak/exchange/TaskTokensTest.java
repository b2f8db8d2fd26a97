package dev.agentgrant.keycloak.exchange;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTokensTest {

    private static String jwt(String payload) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("a task token", jwt("{\"sub\":\"u\",\"grant_id\":\"g\"}"), true),
                Arguments.of("grant_id null still marks it", jwt("{\"grant_id\":null}"), true),
                Arguments.of("an ordinary access token", jwt("{\"sub\":\"u\",\"azp\":\"c\"}"), false),
                Arguments.of("grant_id only nested", jwt("{\"act\":{\"grant_id\":\"g\"}}"), false),
                Arguments.of("a JSON array payload", jwt("[\"grant_id\"]"), false),
                Arguments.of("not JSON", jwt("grant_id"), false),
                Arguments.of("deeply nested", jwt("[".repeat(10_000)), false),
                Arguments.of("two parts", "a.b", false),
                Arguments.of("four parts", "a.b.c.d", false),
                Arguments.of("broken base64url", "a.*&.c", false),
                Arguments.of("an opaque grant id", "Qx3kZ0vF2hT9mN4pR7sW1yB6cD8eG5jK0lA2oU3iE9w", false),
                Arguments.of("empty", "", false),
                Arguments.of("null", null, false),
                Arguments.of("over the token cap", jwt("{\"grant_id\":\"" + "x".repeat(20_000) + "\"}"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void aTaskTokenIsRecognisedByItsGrantIdClaimAndNothingElseIs(String name, String token, boolean task) {
        assertThat(TaskTokens.carriesGrantId(token)).isEqualTo(task);
    }
}
