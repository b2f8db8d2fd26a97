package dev.agentgrant.keycloak.signal.admin;

import dev.agentgrant.keycloak.signal.OutboxSignal;
import dev.agentgrant.keycloak.signal.SignalStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin API's documents of the outbox (docs/wire-contract.md, "Admin REST — revocation push"): one SET with its
 * delivery so far, and a page of them with the realm's counts. Times are epoch seconds; members without a value are
 * left out. The receiver's endpoint and credentials are not shown here: they belong to its client.
 */
final class SignalDocuments {

    private SignalDocuments() {}

    static Map<String, Object> of(OutboxSignal signal) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", signal.id());
        document.put("status", signal.status().name());
        document.put("event_type", signal.event().type().uri());
        document.put("grant_id", signal.grantId());
        signal.userId().ifPresent(user -> document.put("user_id", user));
        document.put("receiver", signal.audience());
        document.put("created_at", seconds(signal.createdAt()));
        document.put("queued_at", seconds(signal.queuedAt()));
        document.put("attempts", signal.attempts());
        if (signal.status() == SignalStatus.PENDING) {
            signal.nextAttemptAt().ifPresent(next -> document.put("next_attempt_at", seconds(next)));
        }
        signal.lastAttemptAt().ifPresent(last -> document.put("last_attempt_at", seconds(last)));
        signal.lastStatus().ifPresent(status -> document.put("last_status", status));
        signal.lastError().ifPresent(error -> document.put("last_error", error));
        signal.finishedAt().ifPresent(finished -> document.put("finished_at", seconds(finished)));
        document.put("event", signal.event().members());
        return document;
    }

    static Map<String, Object> page(
            List<OutboxSignal> signals, int first, int max, Map<SignalStatus, Long> realmCounts) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("signals", signals.stream().map(SignalDocuments::of).toList());
        page.put("first", first);
        page.put("max", max);
        Map<String, Long> counts = new LinkedHashMap<>();
        realmCounts.forEach((status, count) -> counts.put(status.name().toLowerCase(Locale.ROOT), count));
        page.put("counts", counts);
        return page;
    }

    private static long seconds(Instant at) {
        return at.getEpochSecond();
    }
}
