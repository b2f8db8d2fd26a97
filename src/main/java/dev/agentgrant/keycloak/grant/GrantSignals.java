package dev.agentgrant.keycloak.grant;

import dev.agentgrant.keycloak.signal.CaepEvent;
import dev.agentgrant.keycloak.signal.GrantEnd;
import dev.agentgrant.keycloak.signal.Signals;
import java.time.Instant;
import org.keycloak.models.KeycloakSession;

/**
 * What the receivers of a grant's audience are told when the grant ends while it could mint tokens (README.md,
 * "Revocation push"): a {@code session-revoked} SET naming who ended it and why, queued in the transaction that ended
 * it.
 */
public final class GrantSignals {

    private GrantSignals() {}

    /**
     * @param grant  the grant as it was read before it ended (its audience and person do not change)
     * @param by     who ended it, as its audit record names them
     * @param reason its end reason
     */
    public static void ended(KeycloakSession session, TaskGrant grant, Actor by, String reason, Instant at) {
        Signals.of(session)
                .grantEnded(new GrantEnd(
                        grant.realmId(),
                        grant.id(),
                        grant.request().task().audience(),
                        grant.userId(),
                        initiator(by.kind()),
                        reason,
                        at));
    }

    static CaepEvent.Initiator initiator(Actor.Kind kind) {
        return switch (kind) {
            case USER -> CaepEvent.Initiator.PERSON;
            case ADMIN -> CaepEvent.Initiator.ADMIN;
            case AGENT -> CaepEvent.Initiator.AGENT;
            case SYSTEM -> CaepEvent.Initiator.SYSTEM;
        };
    }
}
