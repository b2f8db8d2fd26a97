package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.support.NoStoreJson;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Responses of the agent endpoints in the shape of RFC 6749 §5.2: a JSON object with {@code error} and
 * {@code error_description}, never cached (RFC 6749 §5.1 {@code Cache-Control: no-store}).
 */
final class OAuthErrors {

    private OAuthErrors() {
    }

    static Response error(Response.Status status, String error, String description) {
        return NoStoreJson.error(status.getStatusCode(), error, description).build();
    }

    static Response json(Response.Status status, Object body) {
        return NoStoreJson.answer(status.getStatusCode(), body).build();
    }

    /**
     * Keycloak's own client-authentication failure, made uncacheable like every other answer here. Keycloak's secret
     * authenticator answers a wrong secret with {@code unauthorized_client}; RFC 6749 §5.2 names that case
     * {@code invalid_client}, and so does this contract.
     */
    static WebApplicationException uncacheable(WebApplicationException failure) {
        Response response = failure.getResponse();
        if (response == null) {
            return failure;
        }
        if (response.getStatus() == Response.Status.UNAUTHORIZED.getStatusCode()) {
            return new WebApplicationException(error(Response.Status.UNAUTHORIZED, "invalid_client",
                    "Invalid client or invalid client credentials"));
        }
        return new WebApplicationException(NoStoreJson.noStore(Response.fromResponse(response)).build());
    }
}
