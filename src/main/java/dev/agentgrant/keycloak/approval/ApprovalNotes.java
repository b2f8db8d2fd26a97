package dev.agentgrant.keycloak.approval;

/** Notes an approval keeps on its Keycloak authentication session, under one namespace. */
final class ApprovalNotes {

    /** The grant being approved (client note: set once when the approval starts, {@link ApprovalStart}). */
    static final String GRANT_ID = "agent-grant.grant-id";
    /** The CSRF token of the consent form, bound to this authentication session (auth note). */
    static final String CSRF = "agent-grant.csrf";
    /** What happened, for the result page: approved, denied, gone, error (auth note). */
    static final String OUTCOME = "agent-grant.outcome";
    /** Where the flow returns when it was started to sign in for the self-service page (client note). */
    static final String RETURN_TO = "agent-grant.return-to";
    /**
     * Why the code the person entered leads to no request (client note, set by the verification endpoint instead of
     * {@link #GRANT_ID}): told to the person, and counted as a wrong guess, only once they have signed in.
     */
    static final String CODE_REFUSED = "agent-grant.code-refused";
    /** The code as the person used it, shown again on the consent page to compare with the agent's (client note). */
    static final String USER_CODE = "agent-grant.user-code";
    /** How old the human's authentication may be, in seconds (client note, read by the protocol). */
    static final String MAX_AUTH_AGE = "agent-grant.max-auth-age";

    private ApprovalNotes() {}
}
