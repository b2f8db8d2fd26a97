package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.support.NoStoreJson;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The grant admin API's answers: JSON, never cached (grants carry personal data), and errors in one shape,
 * {@code {"error": …, "error_description": …}} — the members RFC 6749 §5.2 made familiar to OAuth tooling.
 */
final class AdminResponses {

    static final String INVALID_REQUEST = "invalid_request";
    static final String NOT_FOUND = "not_found";
    static final String NOT_ACTIVE = "not_active";

    private AdminResponses() {
    }

    static Response ok(Object body) {
        return NoStoreJson.answer(Response.Status.OK.getStatusCode(), body).build();
    }

    static WebApplicationException invalidRequest(String description) {
        return error(Response.Status.BAD_REQUEST, INVALID_REQUEST, description);
    }

    static WebApplicationException notFound(String description) {
        return error(Response.Status.NOT_FOUND, NOT_FOUND, description);
    }

    static WebApplicationException notActive(String description) {
        return error(Response.Status.CONFLICT, NOT_ACTIVE, description);
    }

    private static WebApplicationException error(Response.Status status, String error, String description) {
        return new WebApplicationException(NoStoreJson.error(status.getStatusCode(), error, description).build());
    }
}
