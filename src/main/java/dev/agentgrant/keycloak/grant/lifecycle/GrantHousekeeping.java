package dev.agentgrant.keycloak.grant.lifecycle;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import org.keycloak.models.KeycloakSession;

/**
 * The system's own transitions: expiry of grants nobody reads any more, and the end of grants whose user or client
 * is gone or whose user can no longer be trusted to have approved them (disabled, credentials reset). Each grant
 * changes through the same {@link GrantTransitions} as everywhere else, recorded as done by the system, in the
 * transaction of whatever caused it.
 */
public final class GrantHousekeeping {

    private final GrantSearch search;
    private final GrantTransitions transitions;

    GrantHousekeeping(GrantSearch search, GrantTransitions transitions) {
        this.search = search;
        this.transitions = transitions;
    }

    public static GrantHousekeeping of(KeycloakSession session) {
        return new GrantHousekeeping(GrantSearch.of(session), GrantTransitions.of(session));
    }

    /**
     * Writes down the expiry of at most {@code max} pending requests and approved grants past their time, in the
     * caller's transaction; answers how many.
     */
    public int expireDue(int max) {
        int expired = 0;
        for (GrantSearch.DueGrant grant : search.dueForExpiry(max)) {
            if (transitions.expire(AuditTrail.Subject.grant(grant.realmId(), grant.id(), grant.agentClientId()))) {
                expired++;
            }
        }
        return expired;
    }

    /** Revokes a person's active grants; answers how many. */
    public int revokeForUser(String realmId, String userId, String reason) {
        int revoked = 0;
        for (GrantSearch.OpenGrant grant : search.approvedOfUser(realmId, userId)) {
            AuditTrail.Subject subject = AuditTrail.Subject.grant(realmId, grant.id(), grant.agentClientId());
            if (transitions.revoke(subject, reason, change(grant.id(), reason))) {
                revoked++;
            }
        }
        return revoked;
    }

    /**
     * Ends everything that depends on a client: an agent's active grants are revoked and its pending requests denied;
     * grants naming it as audience are revoked.
     */
    public int endForClient(String realmId, String clientUuid, String clientId, String reason) {
        int ended = 0;
        for (GrantSearch.OpenGrant grant : search.dependingOnClient(realmId, clientUuid, clientId)) {
            AuditTrail.Subject subject = AuditTrail.Subject.grant(realmId, grant.id(), grant.agentClientId());
            boolean changed = grant.status() == GrantStatus.APPROVED
                    ? transitions.revoke(subject, reason, change(grant.id(), reason))
                    : transitions.deny(subject, reason, change(grant.id(), reason));
            if (changed) {
                ended++;
            }
        }
        return ended;
    }

    private static GrantTransitions.Change change(String grantId, String reason) {
        return GrantTransitions.Change.ending(Actor.system(), grantId, reason);
    }
}
