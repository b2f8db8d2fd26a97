package dev.agentgrant.keycloak.grant.endpoint;

import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Map;

/** The form body of an agent's request, read the way Keycloak's own token endpoint reads it. */
final class FormRequests {

    private FormRequests() {
    }

    static boolean isForm(KeycloakSession session) {
        MediaType type = session.getContext().getHttpRequest().getHttpHeaders().getMediaType();
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    static Map<String, List<String>> form(KeycloakSession session) {
        return session.getContext().getHttpRequest().getDecodedFormParameters();
    }
}
