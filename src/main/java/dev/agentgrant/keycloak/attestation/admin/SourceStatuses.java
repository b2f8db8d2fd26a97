package dev.agentgrant.keycloak.attestation.admin;

import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One source as {@code GET …/agent-grant/attestation/sources} shows it (docs/attestation.md, "Source status"): the
 * component, whether this server can use it, and the state of its trust material. Times are epoch seconds.
 */
final class SourceStatuses {

    /** The source works: its type is installed and its configuration reads. */
    static final String USABLE = "usable";
    /** Its configuration does not read (stored before validation, or edited in the database). */
    static final String MISCONFIGURED = "misconfigured";
    /** This server has no verifier of its type (the jar providing it was removed). */
    static final String TYPE_MISSING = "type_missing";

    private SourceStatuses() {}

    static Map<String, Object> usable(String id, String alias, String type, Optional<TrustStatus> trust) {
        Map<String, Object> document = identity(id, alias, type, USABLE);
        trust.ifPresent(status -> document.put("trust", trust(status)));
        return document;
    }

    static Map<String, Object> unusable(String id, String alias, String type, String state, String problem) {
        Map<String, Object> document = identity(id, alias, type, state);
        document.put("problem", problem);
        return document;
    }

    private static Map<String, Object> identity(String id, String alias, String type, String state) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", id);
        document.put("alias", alias);
        document.put("type", type);
        document.put("state", state);
        return document;
    }

    private static Map<String, Object> trust(TrustStatus status) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("origin", status.origin());
        document.put("key_ids", status.keyIds());
        status.fetchedAt().ifPresent(at -> document.put("fetched_at", seconds(at)));
        status.lastAttempt().ifPresent(at -> document.put("last_attempt_at", seconds(at)));
        status.lastFailure().ifPresent(failure -> document.put("last_failure", failure));
        return document;
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
