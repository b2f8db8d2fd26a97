package dev.agentgrant.keycloak.support;

/**
 * A "no" to an agent, in the shape it is answered with (RFC 6749 §5.2): the {@link OAuthError}, the
 * {@code error_description} the agent sees — which speaks only of its own request and profile, never of whether a
 * grant, user or key exists beyond what it already knows — and a finer snake_case {@link #reason()} for events, audit
 * and logs only, which may tell apart what the description deliberately does not and so must never reach the agent.
 * Each capability refuses with its own subclass, so a method's {@code throws} says which checks it runs.
 */
public abstract class OAuthRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final OAuthError error;
    private final String reason;

    protected OAuthRefusal(OAuthError error, String reason, String description) {
        super(description, null, false, false);
        this.error = error;
        this.reason = reason;
    }

    public OAuthError error() {
        return error;
    }

    /** For events, audit and logs only; see the class comment. */
    public String reason() {
        return reason;
    }

    /** The {@code error_description} for the agent. */
    public String description() {
        return getMessage();
    }
}
