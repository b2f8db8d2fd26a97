package dev.agentgrant.keycloak.notice;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The person a notice would go to, as far as the decision needs them. A notice goes only to an enabled account with a
 * verified email address — as Keycloak's own event emails (its {@code email} event listener sends only to verified
 * addresses): an address nobody confirmed may belong to someone else, and an agent decides when such mail is sent.
 */
public record Recipient(String userId, boolean enabled, String email, boolean emailVerified) {

    public boolean reachable() {
        return enabled && emailVerified && email != null && !email.isBlank();
    }

    /**
     * The person a {@code login_hint} names, found the way the approval matches it (docs/wire-contract.md, "Request a
     * grant"): by username, else by email address — the latter only when that address is verified, since only then
     * may its owner approve the request. Keycloak keeps usernames and emails lower-cased.
     */
    public static <P> Optional<P> named(
            String hint,
            Function<String, Optional<P>> byUsername,
            Function<String, Optional<P>> byEmail,
            Function<P, Recipient> asRecipient) {
        if (hint == null || hint.isBlank()) {
            return Optional.empty();
        }
        String wanted = hint.toLowerCase(Locale.ROOT);
        Optional<P> user = byUsername.apply(wanted);
        if (user.isPresent()) {
            return user;
        }
        return byEmail.apply(wanted).filter(found -> asRecipient.apply(found).emailVerified());
    }
}
