package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Duration;
import java.time.Instant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The exchange's answer to a poll of a pending grant: {@code authorization_pending}, or {@code slow_down} for a poll
 * that came too soon ({@link PollPacing}, RFC 8628 §3.5). The pacing is kept in Keycloak's single-use store
 * (cluster-wide) until the approval window closes. Nothing else is read or written: the presentation stays unused.
 */
final class PendingPoll {

    static final String POLL_PREFIX = "agent-grant:poll:";

    private PendingPoll() {}

    static ExchangeRefusal answer(KeycloakSession session, TaskGrant grant, Instant now) {
        SingleUseObjectProvider polls = session.singleUseObjects();
        String key = POLL_PREFIX + grant.id();
        PollPacing.Decision decision =
                PollPacing.poll(PollPacing.State.fromNotes(polls.get(key)), now, WireContract.POLLING_INTERVAL);
        long lifespan = Math.max(
                1, Duration.between(now, grant.request().approvalExpiresAt()).toSeconds() + 1);
        polls.put(key, lifespan, decision.next().notes());
        return decision.answer() == OAuthError.SLOW_DOWN
                ? new ExchangeRefusal(
                        OAuthError.SLOW_DOWN,
                        "slow_down",
                        "Polling too fast: wait at least "
                                + decision.next().interval().toSeconds() + " seconds between requests")
                : new ExchangeRefusal(
                        OAuthError.AUTHORIZATION_PENDING,
                        "authorization_pending",
                        "The request is waiting for the person's decision");
    }
}
