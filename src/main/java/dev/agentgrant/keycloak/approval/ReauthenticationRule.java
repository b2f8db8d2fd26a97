package dev.agentgrant.keycloak.approval;

/**
 * When an existing sign-in is too old to approve with (OpenID Connect Core §3.1.2.1 {@code max_age}): a maximum age
 * of zero always asks for a fresh sign-in; otherwise the authentication must be at most that many seconds old.
 */
final class ReauthenticationRule {

    private ReauthenticationRule() {}

    /** All times in epoch seconds. */
    static boolean required(long authenticatedAt, long maxAgeSeconds, long now) {
        return maxAgeSeconds == 0 || now - authenticatedAt > maxAgeSeconds;
    }
}
