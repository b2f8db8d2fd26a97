package dev.agentgrant.keycloak.support;

import jakarta.ws.rs.core.Response;

/**
 * Every OAuth error code an agent is answered with (the {@code error} member of RFC 6749 §5.2) and the HTTP status
 * the defining RFC gives it: 400, except 401 for a client that failed to authenticate and 503 for a server that
 * cannot answer now. The one place a code is spelt;
 * {@link NoStoreJson#error(OAuthError, String)} turns one into the answer.
 */
public enum OAuthError {

    /** RFC 6749 §5.2: a parameter missing, repeated, unknown or malformed. */
    INVALID_REQUEST("invalid_request", Response.Status.BAD_REQUEST),
    /** RFC 6749 §5.2: client authentication failed; "the authorization server MAY return an HTTP 401". */
    INVALID_CLIENT("invalid_client", Response.Status.UNAUTHORIZED),
    /** RFC 6749 §5.2: the authenticated client may not use this grant (not an agent, suspended, no policy). */
    UNAUTHORIZED_CLIENT("unauthorized_client", Response.Status.BAD_REQUEST),
    /** RFC 6749 §5.2: the grant (or the presentation standing for it) is invalid, ended or used up. */
    INVALID_GRANT("invalid_grant", Response.Status.BAD_REQUEST),
    /** RFC 6749 §5.2: the grant type is not one the token endpoint accepts here. */
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", Response.Status.BAD_REQUEST),
    /** RFC 6749 §5.2: the scope is missing, malformed, or beyond what was granted. */
    INVALID_SCOPE("invalid_scope", Response.Status.BAD_REQUEST),
    /** RFC 8628 §3.5: the person has not decided yet. */
    AUTHORIZATION_PENDING("authorization_pending", Response.Status.BAD_REQUEST),
    /** RFC 8628 §3.5: polling faster than the interval. */
    SLOW_DOWN("slow_down", Response.Status.BAD_REQUEST),
    /** RFC 8628 §3.5: the person denied the request. */
    ACCESS_DENIED("access_denied", Response.Status.BAD_REQUEST),
    /** RFC 8628 §3.5: the request expired before the person decided. */
    EXPIRED_TOKEN("expired_token", Response.Status.BAD_REQUEST),
    /** RFC 8707 §2 and RFC 8693 §2.2.2: the audience or resource is not one the agent may name. */
    INVALID_TARGET("invalid_target", Response.Status.BAD_REQUEST),
    /** RFC 9449 §5: the DPoP proof is missing, invalid, or not for the grant's key. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", Response.Status.BAD_REQUEST),
    /** RFC 9449 §8: the proof must carry the nonce the server just issued. */
    USE_DPOP_NONCE("use_dpop_nonce", Response.Status.BAD_REQUEST),
    /**
     * OAuth Actor Profile for Delegation (draft-mcguinness-oauth-actor-profile, "Error Responses"): the actor may not
     * act for the subject here — a sub-agent the task may not be handed to, or one already in the chain.
     */
    ACTOR_UNAUTHORIZED("actor_unauthorized", Response.Status.BAD_REQUEST),
    /**
     * RFC 6749 §4.1.2.1: the server cannot handle the request now (its database is unreachable) and the client may
     * repeat it later. §5.2 defines no such code for the token endpoint; the token exchange answers it with 503 and
     * {@code Retry-After} (RFC 9110 §15.6.4, §10.2.3), as OAuth servers commonly do, rather than Keycloak's 500.
     */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", Response.Status.SERVICE_UNAVAILABLE);

    private final String code;
    private final Response.Status status;

    OAuthError(String code, Response.Status status) {
        this.code = code;
        this.status = status;
    }

    /** The value of the {@code error} member. */
    public String code() {
        return code;
    }

    /** The HTTP status the code is answered with unless a call site says otherwise. */
    public Response.Status status() {
        return status;
    }

    public int httpStatus() {
        return status.getStatusCode();
    }
}
