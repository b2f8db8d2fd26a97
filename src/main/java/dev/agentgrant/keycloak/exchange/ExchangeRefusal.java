package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;

/**
 * A "no" from one of the exchange's checks: the contract's error code, a reason for events and audit
 * ({@code snake_case}), and the description the agent sees, which never says whether a grant, user or key exists
 * beyond what the agent already knows.
 */
public final class ExchangeRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final OAuthError error;
    private final String reason;

    public ExchangeRefusal(OAuthError error, String reason, String description) {
        super(description, null, false, false);
        this.error = error;
        this.reason = reason;
    }

    public OAuthError error() {
        return error;
    }

    public String reason() {
        return reason;
    }

    public String description() {
        return getMessage();
    }
}
