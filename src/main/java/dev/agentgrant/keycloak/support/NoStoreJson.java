package dev.agentgrant.keycloak.support;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON answers that are never cached, and errors in the RFC 6749 §5.2 shape ({@code error}, {@code error_description}):
 * the token exchange and the agent endpoints must not be cached (RFC 6749 §5.1: {@code Cache-Control: no-store},
 * {@code Pragma: no-cache}), nor may the grant admin API, whose documents carry personal data. Every error an agent is
 * answered with is built here from its {@link OAuthError}. Answers are builders, so that a caller can still add CORS
 * headers or a header of its own.
 */
public final class NoStoreJson {

    private NoStoreJson() {}

    /** {@code body} as JSON with {@code status}. */
    public static Response.ResponseBuilder answer(int status, Object body) {
        return noStore(Response.status(status))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
    }

    /** {@code body} as JSON with {@code status}. */
    public static Response.ResponseBuilder answer(Response.Status status, Object body) {
        return answer(status.getStatusCode(), body);
    }

    /** {@code {"error": error, "error_description": description}} with the error's own HTTP status. */
    public static Response.ResponseBuilder error(OAuthError error, String description) {
        return error(error.status(), error, description);
    }

    /**
     * The same with another status, where the contract answers a code with one of its own (404 {@code invalid_grant}
     * for a grant the agent cannot see, docs/wire-contract.md, "Agent's own grants").
     */
    public static Response.ResponseBuilder error(Response.Status status, OAuthError error, String description) {
        return error(status, error.code(), description);
    }

    /** The RFC 6749 §5.2 shape for a code that is no OAuth error: the admin API's ({@link AdminResponses}). */
    static Response.ResponseBuilder error(Response.Status status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return answer(status, body);
    }

    /** Marks any answer as not to be stored by clients or intermediaries. */
    public static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }
}
