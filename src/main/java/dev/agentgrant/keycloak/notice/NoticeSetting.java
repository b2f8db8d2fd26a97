package dev.agentgrant.keycloak.notice;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a realm sends the extension's email notices (README.md, "Email notices"): only when the realm has SMTP
 * configured, as Keycloak's own emails, and its attribute {@value #ATTRIBUTE} is not {@code false}. Unset or
 * {@code true} means on. Any other value reads as off, with the reason logged: an admin who wrote {@code off} or
 * {@code no} meant off, and mail that should not have gone out cannot be called back.
 */
public final class NoticeSetting {

    public static final String ATTRIBUTE = "agent-grant.email-notices";

    /** What a realm's configuration says about sending a notice now. */
    public enum Verdict {
        SEND,
        /** The realm's attribute is {@code false}. */
        SWITCHED_OFF,
        /** The realm's attribute is neither {@code true} nor {@code false}; notices are off until it is. */
        UNREADABLE,
        /** The realm has no SMTP server (or no sender address), so Keycloak could not send mail either. */
        NO_SMTP
    }

    private NoticeSetting() {}

    /**
     * @param attribute  the realm attribute {@value #ATTRIBUTE}, null when unset
     * @param smtpConfig the realm's SMTP settings as Keycloak keeps them (keys {@code host}, {@code from}, …)
     */
    public static Verdict decide(String attribute, Map<String, String> smtpConfig) {
        Optional<Boolean> on = read(attribute);
        if (on.isEmpty()) {
            return Verdict.UNREADABLE;
        }
        if (!on.get()) {
            return Verdict.SWITCHED_OFF;
        }
        return smtpConfigured(smtpConfig) ? Verdict.SEND : Verdict.NO_SMTP;
    }

    /** {@code true} for unset, blank or {@code true}, {@code false} for {@code false}, empty for anything else. */
    static Optional<Boolean> read(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return Optional.of(true);
        }
        return switch (attribute.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Keycloak's mail sender needs a host and a sender address; without either it refuses to send. */
    static boolean smtpConfigured(Map<String, String> smtpConfig) {
        return smtpConfig != null && present(smtpConfig.get("host")) && present(smtpConfig.get("from"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
