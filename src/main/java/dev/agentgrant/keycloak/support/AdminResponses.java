package dev.agentgrant.keycloak.support;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the extension's admin API ({@code /admin/realms/{realm}/agent-grant/…}): JSON, never cached (grants
 * carry personal data), and errors in one shape, {@code {"error": …, "error_description": …, "errorMessage": …}} —
 * the members RFC 6749 §5.2 made familiar to OAuth tooling, and the one Keycloak's own admin API answers with (its
 * {@code ErrorRepresentation}), which the admin console and Keycloak's admin clients show (docs/wire-contract.md,
 * "Admin REST — grants"). A request refused for several reasons at once — an agent profile with three bad attributes —
 * adds {@code "problems": [{"attribute": …, "message": …}]}, every one of them, so an admin fixes them in one round.
 */
public final class AdminResponses {

    private static final String INVALID_REQUEST = OAuthError.INVALID_REQUEST.code();
    private static final String NOT_FOUND = "not_found";
    private static final String NOT_ACTIVE = "not_active";
    private static final String CONFLICT = "conflict";

    private AdminResponses() {}

    public static Response ok(Object body) {
        return NoStoreJson.answer(Response.Status.OK, body).build();
    }

    /** 200 with a {@code Link} header (RFC 8288 §3): one related resource, such as the next page of a list. */
    public static Response okWithLink(Object body, URI target, String relation) {
        return NoStoreJson.answer(Response.Status.OK, body)
                .header("Link", "<" + target.toASCIIString() + ">; rel=\"" + relation + "\"")
                .build();
    }

    /** 400: a filter, parameter or body member the API does not accept. */
    public static WebApplicationException invalidRequest(String description) {
        return error(Response.Status.BAD_REQUEST, INVALID_REQUEST, description);
    }

    /** One reason a request body was refused, and the member or attribute it is about. */
    public record Problem(String attribute, String message) {}

    /**
     * 400 {@code invalid_request} listing every problem found; the description sums them up in one sentence for
     * clients that show only {@code error_description} or {@code errorMessage}.
     */
    public static WebApplicationException invalidRequest(String summary, List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("A refusal for problems names at least one");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String description = summary + ": "
                + String.join("; ", problems.stream().map(Problem::message).toList());
        body.put("error", INVALID_REQUEST);
        body.put("error_description", description);
        body.put("errorMessage", description);
        body.put(
                "problems",
                problems.stream()
                        .map(problem -> {
                            Map<String, String> member = new LinkedHashMap<>();
                            member.put("attribute", problem.attribute());
                            member.put("message", problem.message());
                            return member;
                        })
                        .toList());
        return new WebApplicationException(
                NoStoreJson.answer(Response.Status.BAD_REQUEST, body).build());
    }

    /** 404: nothing of that id in this realm. */
    public static WebApplicationException notFound(String description) {
        return error(Response.Status.NOT_FOUND, NOT_FOUND, description);
    }

    /** 409: the grant has already ended. */
    public static WebApplicationException notActive(String description) {
        return error(Response.Status.CONFLICT, NOT_ACTIVE, description);
    }

    /** 409: what the request would create exists already. */
    public static WebApplicationException conflict(String description) {
        return error(Response.Status.CONFLICT, CONFLICT, description);
    }

    private static WebApplicationException error(Response.Status status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        body.put("errorMessage", description);
        return new WebApplicationException(NoStoreJson.answer(status, body).build());
    }
}
