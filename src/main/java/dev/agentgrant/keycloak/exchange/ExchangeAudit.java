package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;

/**
 * Which exchange refusals become audit records. The audit trail is the history of grants, written for callers the
 * server has established: an agent Keycloak authenticated as a confidential client whose profile reads, asking about
 * a grant of its own. Everything refused before that — a public client (no secret proves anything), a client that is
 * no agent, a request that names no grant of this agent — leaves a Keycloak event only, so that nobody can grow the
 * audit table by sending requests (docs/wire-contract.md, "Exchange").
 *
 * <p>Two refusals of established callers are not recorded either: a pending grant is not refused, only not decided
 * yet (RFC 8628 §3.5), and a nonce challenge is a step of RFC 9449 §8 that a well-behaved agent meets on every stale
 * nonce. Nor is an exchange the server could not serve for want of its database ({@code temporarily_unavailable}):
 * nothing was decided about the grant, and the record could not be written anyway.
 */
public final class ExchangeAudit {

    private ExchangeAudit() {}

    /**
     * @param agentEstablished the client authenticated as a confidential agent with a readable, enabled profile
     * @param grantOfCaller    the request named a grant that exists and belongs to this agent
     */
    public static boolean recordsRefusal(boolean agentEstablished, boolean grantOfCaller, OAuthError error) {
        if (!agentEstablished || !grantOfCaller) {
            return false;
        }
        return error != OAuthError.AUTHORIZATION_PENDING
                && error != OAuthError.USE_DPOP_NONCE
                && error != OAuthError.TEMPORARILY_UNAVAILABLE;
    }

    /**
     * Whether a refusal becomes a Keycloak error event ({@code TOKEN_EXCHANGE_ERROR}). Not {@code authorization_pending}:
     * a poll while the person has not decided yet is the protocol working (RFC 8628 §3.5), and an agent polls every few
     * seconds; as an error event Keycloak's logging listener would print a WARN for each poll and a realm that saves
     * events would store each one. Keycloak's own device grant sends no event for it either. The exchange logs such a
     * poll at DEBUG instead. Everything else stays an error event, {@code slow_down} included (an agent polling too
     * fast, which Keycloak's device grant reports as an error too).
     */
    public static boolean reportsRefusalAsErrorEvent(OAuthError error) {
        return error != OAuthError.AUTHORIZATION_PENDING;
    }
}
