package dev.agentgrant.keycloak.signal;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * What one Keycloak session's transaction tells the receivers (README.md, "Revocation push"): each SET is written to the
 * outbox with the same entity manager as the change it tells of, so it commits or rolls back with it, and after a
 * commit the node's deliverer is woken to send it at once rather than at its next poll. Nothing here calls a receiver;
 * a request pays one client lookup and one insert per SET, and nothing at all when the audience registered no receiver.
 */
public final class Signals implements Provider {

    private static final Logger LOG = Logger.getLogger(Signals.class);

    private final KeycloakSession session;
    private final Runnable wake;
    private final Clock clock;
    private boolean enlisted;

    Signals(KeycloakSession session, Runnable wake, Clock clock) {
        this.session = session;
        this.wake = wake;
        this.clock = clock;
    }

    /** The session's signals: Keycloak keeps one provider instance per session. */
    public static Signals of(KeycloakSession session) {
        return session.getProvider(Signals.class);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Queues a {@code session-revoked} SET for the receiver of the grant's audience, if it registered one. */
    public void grantEnded(GrantEnd end) {
        queue(end.realmId(), end.grantId(), end.audience(), end.userId(), end.event());
    }

    /**
     * Queues a SET about a grant for the receiver registered on its audience client; nothing when the audience is gone
     * or registered none. A registration that asks for pushes but cannot be used is queued all the same: the deliverer
     * dead-letters it, so an admin sees what a receiver missed.
     */
    public void queue(String realmId, String grantId, String audience, Optional<String> userId, CaepEvent event) {
        RealmModel realm = session.realms().getRealm(realmId);
        ClientModel receiver = realm == null ? null : realm.getClientByClientId(audience);
        if (receiver == null || !ReceiverRegistration.requested(receiver.getAttributes())) {
            return;
        }
        Outbox.of(session)
                .add(
                        Outbox.NewSignal.of(
                                realmId,
                                event,
                                grantId,
                                userId,
                                receiver.getId(),
                                receiver.getClientId(),
                                issuer(realm)),
                        clock.instant());
        wakeAfterCommit();
    }

    /**
     * Puts a dead-lettered SET of the realm back in line with a fresh retry window, sent right after the commit; true
     * when this call did.
     */
    public boolean requeue(String realmId, String id) {
        if (!Outbox.of(session).requeue(realmId, id, clock.instant())) {
            return false;
        }
        wakeAfterCommit();
        return true;
    }

    /**
     * Records an agent's standing as receivers will now be told of it, and answers the {@code token-claims-change} to
     * send for each of its grants when it differs from what they were told last.
     */
    public Optional<CaepEvent> agentStanding(String realmId, String clientId, AgentStanding now) {
        Instant at = clock.instant();
        AgentStanding before = Outbox.of(session).replaceStanding(realmId, clientId, now, at);
        return CaepEvent.standingChanged(at, before, now);
    }

    /**
     * The realm's issuer as this request sees it — as the tokens minted through the same hostname say it. Outside a
     * request (a change made by a background task) Keycloak may not know it; the deliverer then asks again.
     */
    private Optional<String> issuer(RealmModel realm) {
        try {
            return Optional.of(AgentGrantPaths.realmIssuer(session, realm));
        } catch (RuntimeException outsideRequest) {
            LOG.debugf("Agent Grant: no request to take realm %s's issuer from: %s", realm.getName(), outsideRequest);
            return Optional.empty();
        }
    }

    private void wakeAfterCommit() {
        if (enlisted) {
            return;
        }
        enlisted = true;
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                wake.run();
            }

            @Override
            protected void rollbackImpl() {
                // The SETs rolled back with the change: nothing to send.
            }
        });
    }

    @Override
    public void close() {}
}
