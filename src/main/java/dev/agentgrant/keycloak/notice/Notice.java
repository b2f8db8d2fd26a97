package dev.agentgrant.keycloak.notice;

import java.time.Instant;

/**
 * What happened that a person should hear about by email (README.md, "Email notices"), as plain values taken while
 * the change was made, so a notice can be sent after the change's transaction, in a session of its own.
 */
public sealed interface Notice permits Notice.RequestWaiting, Notice.GrantEnded {

    String realmId();

    /** The agent as a grant names it: its client's internal id (to look up its current name) and its client_id. */
    record Agent(String id, String clientId) {}

    /**
     * A request waits for the person its {@code login_hint} names: who asks, why (the agent's own words), and how to
     * answer — the user code and the verification links the agent was given (RFC 8628 §3.2).
     */
    record RequestWaiting(
            String realmId,
            String loginHint,
            Agent agent,
            String purpose,
            String userCode,
            String verificationUri,
            String verificationUriComplete,
            Instant approvalExpiresAt)
            implements Notice {}

    /**
     * A grant of the person ended without them doing it: an admin revoked it, or its last use was taken.
     *
     * @param myGrantsUrl the person's own list of requests and grants, null when the change had no request to build
     *                    it from
     */
    record GrantEnded(
            String realmId, String userId, How how, String grantId, Agent agent, String purpose, String myGrantsUrl)
            implements Notice {}

    enum How {
        REVOKED_BY_ADMIN,
        EXHAUSTED
    }
}
