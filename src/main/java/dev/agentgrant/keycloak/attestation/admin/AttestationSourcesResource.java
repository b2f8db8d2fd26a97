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
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/agent-grant/attestation/sources}: the realm's attestation sources, by name, each with
 * the state of its trust material on the node that answers (key sets fetched by URL are cached per node). Needs
 * {@code view-realm}, as the realm's components do. Reading the state never fetches anything.
 */
public final class AttestationSourcesResource {

    private static final Logger LOG = Logger.getLogger(AttestationSourcesResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AttestationSourcesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.realm().requireViewRealm();
        if (!session.getContext().getUri().getQueryParameters().isEmpty()) {
            throw AdminResponses.invalidRequest("This endpoint takes no parameters");
        }
        List<SourceStatusDocuments.Source> sources = realm.getComponentsStream(
                        realm.getId(), AttestationSource.class.getName())
                .sorted(Comparator.comparing(ComponentModel::getName).thenComparing(ComponentModel::getId))
                .map(this::status)
                .toList();
        return AdminResponses.ok(SourceStatusDocuments.list(sources));
    }

    private SourceStatusDocuments.Source status(ComponentModel component) {
        SourceStatusDocuments.Outcome outcome;
        try {
            AttestationSource source = AttestationSources.forComponent(session, component);
            outcome = source == null
                    ? new SourceStatusDocuments.NoProvider()
                    : new SourceStatusDocuments.Running(source.trustStatus());
        } catch (RuntimeException e) {
            // The factory refuses a stored configuration that does not read; verification refuses it the same way.
            LOG.debugf(e, "Agent Grant: attestation source %s of realm %s", component.getName(), realm.getName());
            outcome = new SourceStatusDocuments.Misconfigured(e.getMessage());
        }
        return new SourceStatusDocuments.Source(
                component.getId(), component.getName(), component.getProviderId(), outcome);
    }
}
