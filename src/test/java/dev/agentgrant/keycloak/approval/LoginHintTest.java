package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether the signed-in person is the one a request's {@code login_hint} names: username, or verified email
 * (docs/wire-contract.md, "Request a grant"; README.md, "Approvals").
 */
class LoginHintTest {

    private static final boolean VERIFIED = true;
    private static final boolean UNVERIFIED = false;

    static Stream<Arguments> hints() {
        return Stream.of(
                // By username, in any case.
                hint("the username", "alice", "alice", "alice@example.com", VERIFIED, true),
                hint("the username in capitals", "ALICE", "alice", "alice@example.com", VERIFIED, true),
                hint("the username in mixed case", "aLiCe", "alice", null, UNVERIFIED, true),
                hint("the username stored with capitals", "alice", "Alice", null, UNVERIFIED, true),
                hint("the username, email unverified", "alice", "alice", "alice@example.com", UNVERIFIED, true),
                hint("the username, no email", "alice", "alice", null, UNVERIFIED, true),
                hint("another username", "bob", "alice", "alice@example.com", VERIFIED, false),
                hint("a prefix of the username", "ali", "alice", "alice@example.com", VERIFIED, false),
                hint("the username with a trailing space", "alice ", "alice", "alice@example.com", VERIFIED, false),
                hint("the username with a domain", "alice@", "alice", "alice@example.com", VERIFIED, false),

                // By email, only when verified.
                hint("the verified email", "alice@example.com", "alice", "alice@example.com", VERIFIED, true),
                hint(
                        "the verified email in another case",
                        "Alice@Example.COM",
                        "alice",
                        "alice@example.com",
                        VERIFIED,
                        true),
                hint(
                        "the verified email stored with capitals",
                        "alice@example.com",
                        "alice",
                        "Alice@Example.com",
                        VERIFIED,
                        true),
                hint("the verified email, no username", "alice@example.com", null, "alice@example.com", VERIFIED, true),
                hint("the unverified email", "alice@example.com", "alice", "alice@example.com", UNVERIFIED, false),
                hint(
                        "the unverified email in another case",
                        "ALICE@EXAMPLE.COM",
                        "alice",
                        "alice@example.com",
                        UNVERIFIED,
                        false),
                hint(
                        "the unverified email, no username",
                        "alice@example.com",
                        null,
                        "alice@example.com",
                        UNVERIFIED,
                        false),
                hint("another verified email", "bob@example.com", "alice", "alice@example.com", VERIFIED, false),
                hint("the email's local part", "alice", "alice.smith", "alice@example.com", VERIFIED, false),
                hint("a verified flag without an email", "alice@example.com", "alice", null, VERIFIED, false),

                // Nothing to compare with.
                hint("no username and no email", "alice", null, null, VERIFIED, false),
                hint("an empty hint", "", "alice", "alice@example.com", VERIFIED, false),

                // No hint: the request is for whoever signs in.
                hint("no hint", null, "alice", "alice@example.com", VERIFIED, true),
                hint("no hint, unverified email", null, "alice", "alice@example.com", UNVERIFIED, true),
                hint("no hint, no username or email", null, null, null, UNVERIFIED, true));
    }

    @ParameterizedTest(name = "{0} → {5}")
    @MethodSource("hints")
    void matchesTheUsernameOrAVerifiedEmailOnly(
            String description, String hint, String username, String email, boolean emailVerified, boolean matches) {
        assertThat(LoginHint.matches(hint, username, email, emailVerified)).isEqualTo(matches);
    }

    private static Arguments hint(
            String description, String hint, String username, String email, boolean emailVerified, boolean matches) {
        return Arguments.of(description, hint, username, email, emailVerified, matches);
    }
}
