package dev.agentgrant.keycloak.attestation.admin;

import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The documents of {@code GET …/agent-grant/attestation/sources} (docs/attestation.md, "Source status"): each source
 * of the realm with the state of its trust material as the server holds it. Times are epoch seconds; what the server
 * does not know (a set never fetched, a source type that does not report) is left out rather than guessed.
 */
final class SourceStatusDocuments {

    /** What the admin API knows of one source component. */
    record Source(String id, String name, String providerId, Outcome outcome) {}

    /** Whether the server could create the source, and what it reports. */
    interface Outcome {}

    /** The source runs; {@code trust} is empty when its type does not report its trust material. */
    record Running(Optional<TrustStatus> trust) implements Outcome {}

    /** This server has no provider of the component's type (its jar was removed). */
    record NoProvider() implements Outcome {}

    /** The stored configuration does not read (edited in the database, or stored before validation existed). */
    record Misconfigured(String problem) implements Outcome {}

    private SourceStatusDocuments() {}

    static Map<String, Object> list(List<Source> sources) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(
                "sources", sources.stream().map(SourceStatusDocuments::source).toList());
        return document;
    }

    static Map<String, Object> source(Source source) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", source.id());
        document.put("name", source.name());
        document.put("provider_id", source.providerId());
        if (source.outcome() instanceof Running running) {
            document.put("available", true);
            running.trust().ifPresent(trust -> document.put("trust", trust(trust)));
        } else if (source.outcome() instanceof Misconfigured misconfigured) {
            document.put("available", false);
            document.put("problem", misconfigured.problem());
        } else {
            document.put("available", false);
            document.put("problem", "This server has no attestation source type " + source.providerId());
        }
        return document;
    }

    private static Map<String, Object> trust(TrustStatus trust) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("origin", trust.origin().name().toLowerCase(Locale.ROOT));
        trust.keys().ifPresent(keys -> document.put("keys", keys));
        trust.fetchedAt().ifPresent(at -> document.put("fetched_at", at.getEpochSecond()));
        trust.lastAttempt().ifPresent(at -> document.put("last_attempt_at", at.getEpochSecond()));
        trust.lastError().ifPresent(error -> document.put("last_error", error));
        trust.usableUntil().ifPresent(at -> document.put("usable_until", at.getEpochSecond()));
        return document;
    }
}
