package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.support.NoStoreJson;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.StrictForms;
import dev.agentgrant.keycloak.support.UrlEncodedForm;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;

/**
 * The query and form body of a request to either root, read strictly in the sub-resource locator, before Keycloak's
 * HTTP layer would parse the body (which answers a bad percent-encoding with 500 and repairs invalid UTF-8 silently;
 * see {@link StrictForms}). A malformed one ends the request with 400 (docs/wire-contract.md, "Malformed input").
 */
final class StrictInput {

    private StrictInput() {}

    /** For an API caller: 400 {@code invalid_request} in the RFC 6749 §5.2 shape, never cached. */
    static void readForApi(KeycloakSession session) {
        read(
                session,
                malformed -> NoStoreJson.error(OAuthError.INVALID_REQUEST, malformed.getMessage())
                        .build());
    }

    /** For a person's page: 400 with the theme's error page. */
    static void readForPage(KeycloakSession session) {
        read(
                session,
                malformed -> ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.INVALID_REQUEST));
    }

    /** Answers a malformed query or form with {@code answer}. */
    static void read(KeycloakSession session, Function<UrlEncodedForm.Malformed, Response> answer) {
        try {
            StrictForms.read(session);
        } catch (UrlEncodedForm.Malformed malformed) {
            throw new WebApplicationException(answer.apply(malformed));
        }
    }
}
