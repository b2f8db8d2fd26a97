package dev.agentgrant.keycloak.attestation.admin;

import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.spi.AttestationSources;
import dev.agentgrant.keycloak.support.AdminResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/agent-grant/attestation/sources}: the realm's attestation sources with whether
 * each works and the state of its trust material (docs/attestation.md, "Source status"). Needs {@code view-realm},
 * as reading the source components through Keycloak's component API does. Nothing is fetched to answer: a key set
 * fetched by URL shows what the last fetch brought.
 */
public final class SourcesResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    SourcesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.realm().requireViewRealm();
        List<Map<String, Object>> sources = realm.getComponentsStream(realm.getId(), AttestationSource.class.getName())
                .sorted(Comparator.comparing(ComponentModel::getName))
                .map(this::status)
                .toList();
        return AdminResponses.ok(Map.of("sources", sources));
    }

    private Map<String, Object> status(ComponentModel component) {
        AttestationSource source;
        try {
            source = AttestationSources.forComponent(session, component);
        } catch (RuntimeException misconfigured) {
            // SourceFactorySupport refuses a stored configuration that does not read, with every problem.
            return SourceStatuses.unusable(
                    component.getId(),
                    component.getName(),
                    component.getProviderId(),
                    SourceStatuses.MISCONFIGURED,
                    misconfigured.getMessage());
        }
        if (source == null) {
            return SourceStatuses.unusable(
                    component.getId(),
                    component.getName(),
                    component.getProviderId(),
                    SourceStatuses.TYPE_MISSING,
                    "This server provides no attestation source of type " + component.getProviderId());
        }
        return SourceStatuses.usable(
                component.getId(), component.getName(), component.getProviderId(), source.trustStatus());
    }
}
