package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a grant can mint a token for this agent now, in the contract's terms: a grant that does not exist or is
 * another agent's is one answer ({@code invalid_grant}, same description, nothing to probe); a request still waiting
 * for its person is {@link #PENDING} (the caller answers {@code authorization_pending} or {@code slow_down}); a denial
 * is {@code access_denied}; a request nobody decided in time is {@code expired_token} (RFC 8628 §3.5); a grant that
 * was revoked, ran out of time or of uses is {@code invalid_grant}.
 */
public enum GrantStanding {

    /** Approved, unexpired, with uses left. */
    USABLE,
    /** Waiting for the person's decision. */
    PENDING;

    static final String UNKNOWN_GRANT = "The task grant is not valid for this client";

    public static GrantStanding of(Optional<TaskGrant> found, String agentId, Instant now) throws ExchangeRefusal {
        if (found.isEmpty()) {
            throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "unknown_grant", UNKNOWN_GRANT);
        }
        TaskGrant grant = found.get();
        if (!grant.agent().id().equals(agentId)) {
            throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "foreign_grant", UNKNOWN_GRANT);
        }
        GrantStatus status = grant.statusAt(now);
        switch (status) {
            case PENDING:
                return PENDING;
            case APPROVED:
                if (grant.usage().uses() >= grant.usage().maxUses()) {
                    throw new ExchangeRefusal(
                            OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left");
                }
                return USABLE;
            case DENIED:
                throw new ExchangeRefusal(OAuthError.ACCESS_DENIED, "grant_denied", "The request was denied");
            case EXPIRED:
                if (grant.decision().at().isEmpty()) {
                    throw new ExchangeRefusal(
                            OAuthError.EXPIRED_TOKEN, "approval_expired", "Nobody approved the request in time");
                }
                throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "grant_expired", "The task grant has expired");
            case REVOKED:
                throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "grant_revoked", "The task grant was revoked");
            case EXHAUSTED:
                throw new ExchangeRefusal(
                        OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left");
            default:
                throw new IllegalStateException("Unhandled grant status " + status);
        }
    }
}
