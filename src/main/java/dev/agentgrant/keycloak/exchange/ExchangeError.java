package dev.agentgrant.keycloak.exchange;

/**
 * The error codes a task-grant exchange answers with (RFC 6749 §5.2, RFC 8628 §3.5, RFC 8693 §2.2.2, RFC 8707 §2,
 * RFC 9449 §5 and §8) and their HTTP status: 400, except 401 when the client failed to authenticate.
 */
public enum ExchangeError {

    INVALID_REQUEST("invalid_request"),
    INVALID_CLIENT("invalid_client"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    INVALID_GRANT("invalid_grant"),
    AUTHORIZATION_PENDING("authorization_pending"),
    SLOW_DOWN("slow_down"),
    ACCESS_DENIED("access_denied"),
    EXPIRED_TOKEN("expired_token"),
    INVALID_SCOPE("invalid_scope"),
    INVALID_TARGET("invalid_target"),
    INVALID_DPOP_PROOF("invalid_dpop_proof"),
    USE_DPOP_NONCE("use_dpop_nonce");

    private final String code;

    ExchangeError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return this == INVALID_CLIENT ? 401 : 400;
    }
}
