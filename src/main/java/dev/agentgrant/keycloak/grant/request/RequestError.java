package dev.agentgrant.keycloak.grant.request;

/** The RFC error codes a grant request can be refused with (the {@code error} member of the JSON response). */
public enum RequestError {

    /** RFC 6749 §5.2: missing, repeated, unknown or malformed parameter. */
    INVALID_REQUEST("invalid_request"),
    /** RFC 6749 §5.2: scope missing, malformed, or outside the agent's ceiling. */
    INVALID_SCOPE("invalid_scope"),
    /** RFC 8707 §2 / RFC 8693 §2.2.2: audience missing, malformed, unknown, or not one the agent may name. */
    INVALID_TARGET("invalid_target"),
    /** RFC 6749 §5.2: the authenticated client is not an agent, is suspended, or has no attestation policy. */
    UNAUTHORIZED_CLIENT("unauthorized_client");

    private final String code;

    RequestError(String code) {
        this.code = code;
    }

    /** The value of the response's {@code error} member. */
    public String code() {
        return code;
    }
}
