package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AdminClientRegisterContext;
import org.keycloak.services.clientpolicy.context.AdminClientRegisteredContext;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** A new agent client, made for {@code POST …/agent-grant/agents} with {@code "new_client": true}. */
final class AgentClientCreation {

    private AgentClientCreation() {}

    /**
     * Creates the agent client as Keycloak's own client API would (client policies, service account), with the
     * settings README.md "Agent clients" asks of an agent, and Keycloak's admin event for it. Its role scope is judged again once it exists: a realm's
     * default client scopes could bring an administration role along, and then nothing is kept.
     */
    static ClientModel create(
            KeycloakSession session,
            RealmModel realm,
            AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent,
            AgentWriteRequest request) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(request.clientId().orElseThrow());
        request.name().ifPresent(rep::setName);
        rep.setEnabled(true);
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setClientAuthenticatorType("client-secret");
        rep.setServiceAccountsEnabled(true);
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setFullScopeAllowed(false);
        rep.setAttributes(AgentView.agentAttributes(request.resultingAttributes(Map.of(), false)));
        ClientModel client;
        try {
            session.clientPolicy().triggerOnEvent(new AdminClientRegisterContext(rep, auth.adminAuth()));
            client = ClientManager.createClient(session, realm, rep);
            new ClientManager(new RealmManager(session)).enableServiceAccount(client);
            session.getContext().setClient(client);
            session.clientPolicy().triggerOnEvent(new AdminClientRegisteredContext(client, auth.adminAuth()));
        } catch (ModelDuplicateException e) {
            throw AdminResponses.conflict("A client " + rep.getClientId() + " exists already");
        } catch (ClientPolicyException e) {
            session.getTransactionManager().setRollbackOnly();
            throw AdminResponses.invalidRequest(
                    "A client policy of the realm refused the client: " + e.getErrorDetail());
        }
        List<Problem> problems = AgentView.of(AgentClientFacts.of(client)).problems();
        if (!problems.isEmpty()) {
            session.getTransactionManager().setRollbackOnly();
            AgentsAdminResource.refuseIfAny(problems);
        }
        // The event Keycloak's client API records for a new client, so a SIEM that follows clients sees this one.
        adminEvent
                .resource(ResourceType.CLIENT)
                .operation(OperationType.CREATE)
                .resourcePath("clients", client.getId())
                .representation(rep)
                .success();
        adminEvent.resource(ResourceType.CUSTOM);
        return client;
    }
}
