package dev.agentgrant.keycloak.support;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The answers of the extension's admin API ({@code /admin/realms/{realm}/agent-grant/…}): JSON, never cached (grants
 * carry personal data), and errors in one shape, {@code {"error": …, "error_description": …}} — the members RFC 6749
 * §5.2 made familiar to OAuth tooling (docs/wire-contract.md, "Admin REST — grants").
 */
public final class AdminResponses {

    private static final String INVALID_REQUEST = OAuthError.INVALID_REQUEST.code();
    private static final String NOT_FOUND = "not_found";
    private static final String NOT_ACTIVE = "not_active";

    private AdminResponses() {}

    public static Response ok(Object body) {
        return NoStoreJson.answer(Response.Status.OK, body).build();
    }

    /** 400: a filter, parameter or body member the API does not accept. */
    public static WebApplicationException invalidRequest(String description) {
        return error(Response.Status.BAD_REQUEST, INVALID_REQUEST, description);
    }

    /** 404: nothing of that id in this realm. */
    public static WebApplicationException notFound(String description) {
        return error(Response.Status.NOT_FOUND, NOT_FOUND, description);
    }

    /** 409: the grant has already ended. */
    public static WebApplicationException notActive(String description) {
        return error(Response.Status.CONFLICT, NOT_ACTIVE, description);
    }

    private static WebApplicationException error(Response.Status status, String error, String description) {
        return new WebApplicationException(
                NoStoreJson.error(status, error, description).build());
    }
}
