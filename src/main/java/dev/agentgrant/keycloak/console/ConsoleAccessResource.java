package dev.agentgrant.keycloak.console;

import dev.agentgrant.keycloak.support.AdminResponses;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/console-access}: what the calling admin may do with the extension's admin
 * API in this realm, as the same permission evaluator answers that decides every admin request (roles and, where the
 * realm uses them, fine-grained admin permissions). The console shows or hides its controls by it; the API still
 * refuses what the admin may not do. Keycloak's own {@code whoami} is not used: it answers only tokens of clients
 * marked as an admin console, and only with role names. An admin who may do nothing here is refused (403).
 */
public final class ConsoleAccessResource {

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public ConsoleAccessResource(RealmModel realm, AdminPermissionEvaluator auth) {
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response access() {
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("realm", realm.getName());
        // Grants are a person's entitlements: view-users / manage-users, as GrantsAdminResource requires.
        access.put("view_grants", auth.users().canView());
        access.put("manage_grants", auth.users().canManage());
        // Suspending an agent changes the agent client: manage-clients, as AgentsAdminResource requires.
        access.put("view_agents", auth.clients().canView());
        access.put("manage_agents", auth.clients().canManage());
        // Attestation configuration and registered provenance: view-realm / manage-realm.
        access.put("view_attestation", auth.realm().canViewRealm());
        access.put("manage_attestation", auth.realm().canManageRealm());
        if (!access.containsValue(Boolean.TRUE)) {
            throw new ForbiddenException("No access to Agent Grant in this realm");
        }
        return AdminResponses.ok(access);
    }
}
