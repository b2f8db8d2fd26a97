package dev.agentgrant.keycloak.approval;

import java.util.Locale;

/**
 * Whether the signed-in person is the one a request's {@code login_hint} names (docs/wire-contract.md, "Request a grant"): their username, or their
 * email address if — and only if — it is verified, so nobody can claim a request by setting an unverified email.
 * Keycloak stores usernames and emails lower-cased; the hint is compared the same way.
 */
final class LoginHint {

    private LoginHint() {}

    static boolean matches(String hint, String username, String email, boolean emailVerified) {
        if (hint == null) {
            return true;
        }
        String wanted = hint.toLowerCase(Locale.ROOT);
        if (username != null && username.toLowerCase(Locale.ROOT).equals(wanted)) {
            return true;
        }
        return emailVerified && email != null && email.toLowerCase(Locale.ROOT).equals(wanted);
    }
}
