package dev.agentgrant.keycloak.grant.audit;

import dev.agentgrant.keycloak.grant.store.GrantAuditEntity;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The grants' own audit records, next to the Keycloak events that carry the same details to a SIEM. A record is
 * written in the transaction of what it records, so a transition and its record commit or roll back together.
 */
public final class AuditTrail {

    /** Who caused what is recorded. */
    public enum ActorType { USER, ADMIN, AGENT, SYSTEM }

    public enum Outcome { SUCCESS, REFUSED }

    /** One record as read back. */
    public record Entry(String id, Optional<String> grantId, Optional<String> agentClientId, long recordedAt,
                        String action, Outcome outcome, ActorType actorType, Optional<String> actorId,
                        Optional<String> address, String details) {
    }

    private final EntityManager em;
    private final Clock clock;

    AuditTrail(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** For stores that already hold the request's entity manager. */
    public static AuditTrail using(EntityManager em) {
        return new AuditTrail(em, Clock.systemUTC());
    }

    public static AuditTrail of(KeycloakSession session) {
        return new AuditTrail(session.getProvider(JpaConnectionProvider.class).getEntityManager(), Clock.systemUTC());
    }

    /**
     * @param grantId null for a refusal of a request that never became a grant
     * @param action  what happened, snake_case ({@code requested}, {@code approved}, {@code revoked}, …)
     */
    public void record(String realmId, String grantId, String agentClientId, String action, Outcome outcome,
                       ActorType actorType, String actorId, String address, Map<String, String> details) {
        GrantAuditEntity entity = new GrantAuditEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realmId);
        entity.setGrantId(grantId);
        entity.setAgentClientId(agentClientId);
        entity.setRecordedAt(clock.millis());
        entity.setAction(action);
        entity.setOutcome(outcome.name().toLowerCase(Locale.ROOT));
        entity.setActorType(actorType.name().toLowerCase(Locale.ROOT));
        entity.setActorId(actorId);
        entity.setAddress(address);
        entity.setDetails(AuditDetails.toJson(details));
        em.persist(entity);
    }

    /** How many records a realm holds, and when its oldest was made (epoch milliseconds), if it holds any. */
    public record Extent(long records, Optional<Long> oldest) {
    }

    public Extent extent(String realmId) {
        Object[] row = em.createQuery("select count(a), min(a.recordedAt) from AgentGrantAudit a where a.realmId = :realmId",
                        Object[].class)
                .setParameter("realmId", realmId)
                .getSingleResult();
        return new Extent(((Number) row[0]).longValue(), Optional.ofNullable((Number) row[1]).map(Number::longValue));
    }

    /** A grant's records, oldest first. */
    public List<Entry> forGrant(String realmId, String grantId) {
        return em.createNamedQuery("agentGrantAuditByGrant", GrantAuditEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("grantId", grantId)
                .getResultStream()
                .map(e -> new Entry(e.getId(), Optional.ofNullable(e.getGrantId()), Optional.ofNullable(e.getAgentClientId()),
                        e.getRecordedAt(), e.getAction(), Outcome.valueOf(e.getOutcome().toUpperCase(Locale.ROOT)),
                        ActorType.valueOf(e.getActorType().toUpperCase(Locale.ROOT)), Optional.ofNullable(e.getActorId()),
                        Optional.ofNullable(e.getAddress()), e.getDetails()))
                .toList();
    }
}
