package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.support.NoStoreJson;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/approval-setup}: whether approvals can start in the realm ({@code GET},
 * {@code view-realm}) and the repair that recreates a missing approval client or flow ({@code POST},
 * {@code manage-realm}, an admin event {@code ACTION}). The only way besides realm creation and server start that the
 * extension changes a realm's configuration.
 */
public final class ApprovalSetupAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ApprovalSetupAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        auth.realm().requireViewRealm();
        return NoStoreJson.answer(Response.Status.OK.getStatusCode(), state(ApprovalRealmSetup.problem(realm)))
                .build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response repair() {
        auth.realm().requireManageRealm();
        ApprovalRealmSetup.Changes changes = ApprovalRealmSetup.install(realm);
        Map<String, Object> answer = state(ApprovalRealmSetup.problem(realm));
        answer.put("client_created", changes.clientCreated());
        answer.put("flow_created", changes.flowCreated());
        answer.put("flow_bound", changes.flowBound());
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .success();
        return NoStoreJson.answer(Response.Status.OK.getStatusCode(), answer).build();
    }

    private static Map<String, Object> state(Optional<String> problem) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("client_id", ApprovalRealmSetup.APPROVAL_CLIENT_ID);
        state.put("flow_alias", ApprovalRealmSetup.FLOW_ALIAS);
        state.put("ready", problem.isEmpty());
        problem.ifPresent(p -> state.put("problem", p));
        return state;
    }
}
