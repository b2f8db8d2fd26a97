package dev.agentgrant.keycloak.signal;

import java.time.Instant;
import java.util.Optional;

/**
 * A SET of the outbox as read from it: an immutable snapshot, never the entity.
 *
 * @param receiverId    the receiver (audience) client's internal id
 * @param audience      its client_id, the SET's {@code aud}
 * @param issuer        the realm's issuer as the change that queued the SET saw it; empty when that change ran outside
 *                      any request (the deliverer then asks Keycloak's hostname settings)
 * @param createdAt     when the change happened: the SET's {@code iat}
 * @param queuedAt      the start of its retry window (its creation, or an admin's retry)
 * @param attempts      attempts made since it was queued
 * @param nextAttemptAt for a pending SET, when it is due (or the lease of the node delivering it ends)
 * @param lastStatus    the HTTP status of the last answer, when there was one
 */
public record OutboxSignal(
        String id,
        String realmId,
        SignalStatus status,
        CaepEvent event,
        String grantId,
        Optional<String> userId,
        String receiverId,
        String audience,
        Optional<String> issuer,
        Instant createdAt,
        Instant queuedAt,
        int attempts,
        Optional<Instant> nextAttemptAt,
        Optional<Instant> lastAttemptAt,
        Optional<Integer> lastStatus,
        Optional<String> lastError,
        Optional<Instant> finishedAt) {}
