package dev.agentgrant.keycloak.signal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.signal.CaepEvent;
import dev.agentgrant.keycloak.signal.OutboxSignal;
import dev.agentgrant.keycloak.signal.SignalStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalDocumentsTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
    private static final CaepEvent EVENT =
            CaepEvent.sessionRevoked(CREATED, CaepEvent.Initiator.ADMIN, "revoked_by_admin");

    private static OutboxSignal signal(SignalStatus status, Optional<Instant> next, Optional<Instant> finished) {
        return new OutboxSignal(
                "jti-1",
                "realm",
                status,
                EVENT,
                "grant-1",
                Optional.of("user-1"),
                "client-uuid",
                "calendar-api",
                Optional.of("https://sso/realms/r"),
                CREATED,
                CREATED.plusSeconds(5),
                3,
                next,
                Optional.of(CREATED.plusSeconds(20)),
                Optional.of(503),
                Optional.of("HTTP 503"),
                finished);
    }

    @Test
    void aDeadLetterShowsWhatWasTriedAndWhy() {
        Map<String, Object> document = SignalDocuments.of(
                signal(SignalStatus.DEAD_LETTERED, Optional.empty(), Optional.of(CREATED.plusSeconds(20))));

        assertThat(document)
                .containsExactly(
                        Map.entry("id", "jti-1"),
                        Map.entry("status", "DEAD_LETTERED"),
                        Map.entry("event_type", "https://schemas.openid.net/secevent/caep/event-type/session-revoked"),
                        Map.entry("grant_id", "grant-1"),
                        Map.entry("user_id", "user-1"),
                        Map.entry("receiver", "calendar-api"),
                        Map.entry("created_at", CREATED.getEpochSecond()),
                        Map.entry("queued_at", CREATED.getEpochSecond() + 5),
                        Map.entry("attempts", 3),
                        Map.entry("last_attempt_at", CREATED.getEpochSecond() + 20),
                        Map.entry("last_status", 503),
                        Map.entry("last_error", "HTTP 503"),
                        Map.entry("finished_at", CREATED.getEpochSecond() + 20),
                        Map.entry("event", EVENT.members()));
    }

    @Test
    void onlyAPendingSetShowsItsNextAttempt() {
        Optional<Instant> next = Optional.of(CREATED.plusSeconds(60));

        assertThat(SignalDocuments.of(signal(SignalStatus.PENDING, next, Optional.empty())))
                .containsEntry("next_attempt_at", CREATED.getEpochSecond() + 60)
                .doesNotContainKey("finished_at");
        assertThat(SignalDocuments.of(signal(SignalStatus.DELIVERED, next, Optional.of(CREATED))))
                .doesNotContainKey("next_attempt_at");
    }

    @Test
    void aPageHasTheRealmsCountsByStatus() {
        Map<SignalStatus, Long> counts = new EnumMap<>(SignalStatus.class);
        counts.put(SignalStatus.PENDING, 2L);
        counts.put(SignalStatus.DELIVERED, 7L);
        counts.put(SignalStatus.DEAD_LETTERED, 1L);

        Map<String, Object> page = SignalDocuments.page(List.of(), 0, 20, counts);

        assertThat(page)
                .containsEntry("signals", List.of())
                .containsEntry("first", 0)
                .containsEntry("max", 20)
                .containsEntry("counts", Map.of("pending", 2L, "delivered", 7L, "dead_lettered", 1L));
    }
}
