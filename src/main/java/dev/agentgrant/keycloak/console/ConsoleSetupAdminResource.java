package dev.agentgrant.keycloak.console;

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
 * {@code /admin/realms/{realm}/agent-grant/console-setup}: whether admins can sign in to the realm's console
 * ({@code GET}, {@code view-realm}) and the repair that recreates a missing console client ({@code POST},
 * {@code manage-realm}, an admin event {@code ACTION}).
 */
public final class ConsoleSetupAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ConsoleSetupAdminResource(
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
        return NoStoreJson.answer(Response.Status.OK, state(ConsoleClientSetup.problem(realm)))
                .build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response repair() {
        auth.realm().requireManageRealm();
        boolean created = ConsoleClientSetup.install(realm);
        Map<String, Object> answer = state(ConsoleClientSetup.problem(realm));
        answer.put("client_created", created);
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .success();
        return NoStoreJson.answer(Response.Status.OK, answer).build();
    }

    private Map<String, Object> state(Optional<String> problem) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("client_id", ConsoleClientSetup.CLIENT_ID);
        state.put("console_path", ConsoleClientSetup.consolePath(realm));
        state.put("ready", problem.isEmpty());
        problem.ifPresent(p -> state.put("problem", p));
        return state;
    }
}
