package dev.agentgrant.keycloak.grant.endpoint;

import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * The form body of an agent's request: the form {@code StrictForms} parsed strictly and handed to Keycloak's request in
 * the sub-resource locator, before Keycloak could parse it — so these values, and those Keycloak's client authenticators
 * read, are exactly what the agent percent-encoded, in well-formed UTF-8, with every repeat kept.
 */
final class FormRequests {

    private FormRequests() {}

    static boolean isForm(KeycloakSession session) {
        MediaType type = session.getContext().getHttpRequest().getHttpHeaders().getMediaType();
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    static Map<String, List<String>> form(KeycloakSession session) {
        return session.getContext().getHttpRequest().getDecodedFormParameters();
    }
}
