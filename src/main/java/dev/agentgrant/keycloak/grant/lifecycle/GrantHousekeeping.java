package dev.agentgrant.keycloak.grant.lifecycle;

import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The system's own transitions: expiry of grants nobody reads any more, and the end of grants whose user or client
 * is gone or whose user can no longer be trusted to have approved them (disabled, credentials reset). Each grant
 * changes through its own guarded update and gets its own audit record ({@link AuditTrail.ActorType#SYSTEM}), in
 * the transaction of whatever caused it.
 */
public final class GrantHousekeeping {

    /** Grants handled per cleanup run; the next run takes the rest. */
    static final int BATCH = 500;

    private final KeycloakSession session;
    private final EntityManager em;
    private final GrantStore store;
    private final Clock clock;

    GrantHousekeeping(KeycloakSession session, Clock clock) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.store = GrantStore.of(session);
        this.clock = clock;
    }

    public static GrantHousekeeping of(KeycloakSession session) {
        return new GrantHousekeeping(session, Clock.systemUTC());
    }

    /** Writes down the expiry of pending requests and approved grants past their time; answers how many. */
    public int expireDue() {
        long now = clock.millis();
        List<String> due = em.createQuery("select g.id from AgentGrantTaskGrant g"
                        + " where (g.status = 'PENDING' and g.approvalExpiresAt <= :now)"
                        + " or (g.status = 'APPROVED' and g.expiresAt <= :now)", String.class)
                .setParameter("now", now)
                .setMaxResults(BATCH)
                .getResultList();
        int expired = 0;
        for (String id : due) {
            TaskGrant before = store.reload(id);
            if (store.expire(before)) {
                record(store.reload(before.id()), "expired", before.status() == dev.agentgrant.keycloak.grant.GrantStatus.PENDING
                        ? "approval_timeout" : "lifetime_ended");
                expired++;
            }
        }
        return expired;
    }

    /** Revokes a person's active grants; answers how many. */
    public int revokeForUser(String realmId, String userId, String reason) {
        List<String> ids = em.createQuery("select g.id from AgentGrantTaskGrant g where g.realmId = :realmId"
                        + " and g.userId = :userId and g.status = 'APPROVED'", String.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultList();
        return revokeAll(realmId, ids, reason);
    }

    /**
     * Ends everything that depends on a client: an agent's active grants are revoked and its pending requests denied;
     * grants naming it as audience are revoked.
     */
    public int endForClient(String realmId, String clientUuid, String clientId, String reason) {
        List<String> active = em.createQuery("select g.id from AgentGrantTaskGrant g where g.realmId = :realmId"
                        + " and (g.agentId = :agentId or g.audience = :clientId) and g.status = 'APPROVED'", String.class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", clientUuid)
                .setParameter("clientId", clientId)
                .getResultList();
        int ended = revokeAll(realmId, active, reason);
        List<String> pending = em.createQuery("select g.id from AgentGrantTaskGrant g where g.realmId = :realmId"
                        + " and (g.agentId = :agentId or g.audience = :clientId) and g.status = 'PENDING'", String.class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", clientUuid)
                .setParameter("clientId", clientId)
                .getResultList();
        for (String id : pending) {
            if (store.denyUndecided(realmId, id, "system", reason)) {
                record(store.reload(id), "denied", reason);
                ended++;
            }
        }
        return ended;
    }

    private int revokeAll(String realmId, List<String> ids, String reason) {
        int revoked = 0;
        for (String id : ids) {
            if (store.revoke(realmId, id, "system", reason)) {
                record(store.reload(id), "revoked", reason);
                revoked++;
            }
        }
        return revoked;
    }

    private void record(TaskGrant grant, String action, String reason) {
        AuditTrail.of(session).record(grant.realmId(), grant.id(), grant.agentClientId(), action,
                AuditTrail.Outcome.SUCCESS, AuditTrail.ActorType.SYSTEM, null, null,
                Map.of("grant_id", grant.id(), "reason", reason));
    }
}
