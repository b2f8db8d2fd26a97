package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.RealmSetupEvents;
import jakarta.ws.rs.NotFoundException;
import java.util.Map;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.LoginProtocolFactory;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;

/**
 * Registers {@link ApprovalProtocol}. It is no client protocol an admin can choose ({@link #allowAsClientProtocol()}
 * is false), has no endpoint under {@code /protocol/}, no mappers and no default client scopes: it exists only to end
 * approval flows on the extension's own page.
 */
public final class ApprovalProtocolFactory implements LoginProtocolFactory, ExtensionProviderFactory<LoginProtocol> {

    @Override
    public LoginProtocol create(KeycloakSession session) {
        return new ApprovalProtocol(session);
    }

    @Override
    public String getId() {
        return ApprovalProtocol.ID;
    }

    /** Sets up approvals in new, imported and (at start) existing realms. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new RealmSetupEvents(AgentGrantPaths.APPROVAL_SETUP, ApprovalRealmSetup::install));
    }

    @Override
    public Map<String, ProtocolMapperModel> getBuiltinMappers() {
        return Map.of();
    }

    @Override
    public Object createProtocolEndpoint(KeycloakSession session, EventBuilder event) {
        throw new NotFoundException();
    }

    @Override
    public void createDefaultClientScopes(RealmModel newRealm, boolean addScopesToExistingClients) {}

    @Override
    public void setupClientDefaults(ClientRepresentation rep, ClientModel newClient) {}

    @Override
    public void addClientScopeDefaults(ClientScopeRepresentation clientScope) {}

    @Override
    public boolean allowAsClientProtocol() {
        return false;
    }
}
