package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OIDC {@code max_age} (OpenID Connect Core §3.1.2.1) applied to an existing sign-in. */
class ReauthenticationRuleTest {

    private static final long NOW = 1_750_000_000L;

    static Stream<Arguments> signIns() {
        return Stream.of(
                // A maximum age of zero always asks for a fresh sign-in.
                signIn("max age 0, signed in this second", NOW, 0, true),
                signIn("max age 0, signed in a second ago", NOW - 1, 0, true),
                signIn("max age 0, signed in a day ago", NOW - 86_400, 0, true),
                signIn("max age 0, sign-in time ahead of this node's clock", NOW + 5, 0, true),

                // Otherwise at most max age seconds old: the boundary itself is still fresh.
                signIn("signed in this second", NOW, 300, false),
                signIn("signed in a second ago", NOW - 1, 300, false),
                signIn("signed in exactly max age ago", NOW - 300, 300, false),
                signIn("signed in one second past max age", NOW - 301, 300, true),
                signIn("signed in a day ago", NOW - 86_400, 300, true),
                signIn("max age 1, exactly a second ago", NOW - 1, 1, false),
                signIn("max age 1, two seconds ago", NOW - 2, 1, true),
                signIn("max age a day, exactly a day ago", NOW - 86_400, 86_400, false),
                signIn("max age a day, a day and a second ago", NOW - 86_401, 86_400, true),
                signIn("signed in at the epoch", 0, 300, true),

                // Clock skew between nodes: a sign-in stamped slightly in the future is fresh, as Keycloak treats it.
                signIn("sign-in time a second ahead", NOW + 1, 300, false),
                signIn("sign-in time a minute ahead", NOW + 60, 300, false),
                signIn("sign-in time ahead by more than max age", NOW + 600, 300, false));
    }

    @ParameterizedTest(name = "{0} → {3}")
    @MethodSource("signIns")
    void aSignInOlderThanMaxAgeMustBeRepeated(String description, long authenticatedAt, long maxAge, boolean required) {
        assertThat(ReauthenticationRule.required(authenticatedAt, maxAge, NOW)).isEqualTo(required);
    }

    private static Arguments signIn(String description, long authenticatedAt, long maxAge, boolean required) {
        return Arguments.of(description, authenticatedAt, maxAge, required);
    }
}
