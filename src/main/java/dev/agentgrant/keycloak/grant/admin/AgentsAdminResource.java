package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/agents/{clientId}/suspend} and {@code …/resume}: a suspended agent gets no
 * new grant requests and no new tokens (README.md, "Grant administration") until resumed; its grants stay as they are, so resuming does not
 * need anyone to approve again. The switch is the client attribute {@code agent-grant.suspended}, so it also shows in
 * the client's representation, realm exports and kcadm.sh. Needs manage permission on that client.
 */
public final class AgentsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public AgentsAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @POST
    @Path("{clientId}/" + AgentGrantPaths.SUSPEND)
    @Produces(MediaType.APPLICATION_JSON)
    public Response suspend(@PathParam("clientId") String clientId) {
        return setSuspended(clientId, true);
    }

    @POST
    @Path("{clientId}/" + AgentGrantPaths.RESUME)
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("clientId") String clientId) {
        return setSuspended(clientId, false);
    }

    private Response setSuspended(String clientId, boolean suspended) {
        ClientModel client = agent(clientId);
        auth.clients().requireManage(client);
        client.setAttribute(AgentProfileOptions.SUSPENDED.name(), Boolean.toString(suspended));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", client.getClientId());
        answer.put("suspended", suspended);
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .detail("client_id", client.getClientId())
                .success();
        return AdminResponses.ok(answer);
    }

    /**
     * The agent client of that client_id. Like Keycloak's own client endpoints, a caller who may not list clients
     * learns nothing about which ones exist: 403 for them, 404 only for those who could have looked it up anyway.
     */
    private ClientModel agent(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !"true".equals(client.getAttribute(AgentProfileOptions.ENABLED.name()))) {
            if (!auth.clients().canList()) {
                throw new ForbiddenException();
            }
            throw AdminResponses.notFound("No agent " + clientId + " in this realm");
        }
        return client;
    }
}
