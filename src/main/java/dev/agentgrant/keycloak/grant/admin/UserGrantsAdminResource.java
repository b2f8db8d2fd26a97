package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.store.GrantErasure;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/users/{userId}/grants}: one person's grants ({@link GrantOwner}) with
 * their audit trails, to answer an access request ({@code GET}, view-users) or to erase them ({@code DELETE},
 * manage-users). Erasing removes the grants and their audit records; an approved grant erased mints no more tokens,
 * since the exchange finds no grant. The admin event of the erasure is what remains.
 */
public final class UserGrantsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public UserGrantsAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @GET
    @Path("{userId}/" + AgentGrantPaths.GRANTS)
    @Produces(MediaType.APPLICATION_JSON)
    public Response export(@PathParam("userId") String userId) {
        auth.users().requireView();
        UserModel user = user(userId);
        AuditTrail audit = AuditTrail.of(session);
        Instant now = GrantStore.of(session).now();
        List<Map<String, Object>> grants = GrantSearch.of(session).ofPerson(realm.getId(), GrantOwner.of(user)).stream()
                .map((TaskGrant grant) ->
                        GrantAdminDocuments.grantWithAudit(grant, audit.forGrant(realm.getId(), grant.id()), now))
                .toList();
        return AdminResponses.ok(GrantAdminDocuments.export(user.getId(), user.getUsername(), grants, now));
    }

    @DELETE
    @Path("{userId}/" + AgentGrantPaths.GRANTS)
    @Produces(MediaType.APPLICATION_JSON)
    public Response erase(@PathParam("userId") String userId) {
        auth.users().requireManage();
        UserModel user = user(userId);
        int erased = GrantErasure.of(session).erase(realm.getId(), GrantOwner.of(user));
        Map<String, Object> answer = Map.of("erased", erased);
        adminEvent
                .operation(OperationType.DELETE)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .detail("user_id", user.getId())
                .detail("erased", Integer.toString(erased))
                .success();
        return AdminResponses.ok(answer);
    }

    private UserModel user(String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            throw AdminResponses.notFound("No user with id " + id + " in this realm");
        }
        return user;
    }
}
