package dev.agentgrant.keycloak.grant.request;

import dev.agentgrant.keycloak.support.OAuthError;

/**
 * A grant request that is refused. {@link #error()} and {@link #description()} are what the agent is told
 * ({@code error} and {@code error_description}, RFC 6749 §5.2): the description speaks only of the request itself and
 * of the agent's own profile, never of other clients or users. {@link #reason()} is a finer snake_case code for
 * events and logs only: it may tell apart what the description deliberately does not (an audience that does not
 * exist from one that is not allowed), so it must never reach the client.
 */
public final class InvalidRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final OAuthError error;
    private final String reason;

    public InvalidRequest(OAuthError error, String reason, String description) {
        super(description, null, false, false);
        this.error = error;
        this.reason = reason;
    }

    public OAuthError error() {
        return error;
    }

    /** For events and logs only; see the class comment. */
    public String reason() {
        return reason;
    }

    /** The {@code error_description} for the agent. */
    public String description() {
        return getMessage();
    }
}
