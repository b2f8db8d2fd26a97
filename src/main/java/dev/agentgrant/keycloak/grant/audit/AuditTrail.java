package dev.agentgrant.keycloak.grant.audit;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.TaskGrant;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The grants' own audit records, next to the Keycloak events that carry the same details to a SIEM. A record is
 * written in the transaction of what it records, so a transition and its record commit or roll back together.
 */
public final class AuditTrail {

    public enum Outcome {
        SUCCESS,
        REFUSED
    }

    /** What a record is about: a grant, or a request of an agent that never became one. */
    public record Subject(String realmId, Optional<String> grantId, Optional<String> agentClientId) {

        public static Subject of(TaskGrant grant) {
            return new Subject(
                    grant.realmId(),
                    Optional.of(grant.id()),
                    Optional.of(grant.agent().clientId()));
        }

        public static Subject grant(String realmId, String grantId, String agentClientId) {
            return new Subject(realmId, Optional.of(grantId), Optional.of(agentClientId));
        }

        /** A refused request: no grant came of it. */
        public static Subject request(String realmId, String agentClientId) {
            return new Subject(realmId, Optional.empty(), Optional.of(agentClientId));
        }
    }

    /** One record as read back. */
    public record Entry(String id, long recordedAt, String action, Outcome outcome, Actor actor, String details) {}

    private final EntityManager em;
    private final Clock clock;

    AuditTrail(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    public static AuditTrail of(KeycloakSession session) {
        return new AuditTrail(session.getProvider(JpaConnectionProvider.class).getEntityManager(), Clock.systemUTC());
    }

    /** @param action what happened, snake_case ({@code requested}, {@code approved}, {@code revoked}, …) */
    public void record(Subject subject, String action, Outcome outcome, Actor actor, Map<String, String> details) {
        em.persist(new GrantAuditEntity(
                UUID.randomUUID().toString(),
                subject,
                clock.millis(),
                action,
                outcome.name().toLowerCase(Locale.ROOT),
                actor,
                AuditDetails.toJson(details)));
    }

    /** How many records a realm holds, and when its oldest was made (epoch milliseconds), if it holds any. */
    public record Extent(long records, Optional<Long> oldest) {}

    public Extent extent(String realmId) {
        Object[] row = em.createNamedQuery("agentGrantAuditExtent", Object[].class)
                .setParameter("realmId", realmId)
                .getSingleResult();
        return new Extent(
                ((Number) row[0]).longValue(),
                Optional.ofNullable((Number) row[1]).map(Number::longValue));
    }

    /** A grant's records, oldest first. */
    public List<Entry> forGrant(String realmId, String grantId) {
        return em.createNamedQuery("agentGrantAuditByGrant", GrantAuditEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("grantId", grantId)
                .getResultStream()
                .map(GrantAuditEntity::entry)
                .toList();
    }

    /**
     * Deletes up to {@code limit} of a realm's records made before {@code cutoff} (epoch milliseconds); answers how
     * many. The ids first (bounded), then a delete by id, so every database limits it the same way.
     */
    public int deleteOlderThan(String realmId, long cutoff, int limit) {
        List<String> ids = em.createNamedQuery("agentGrantAuditIdsBefore", String.class)
                .setParameter("realmId", realmId)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNamedQuery("agentGrantAuditDeleteByIds")
                .setParameter("ids", ids)
                .executeUpdate();
    }
}
