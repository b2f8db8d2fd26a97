package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * A grant change an admin makes through the admin API: the admin as the actor (with the address the request came
 * from) and the audit details every such change carries, so a trail shows which admin of which realm ended a grant
 * and why.
 */
final class AdminChanges {

    private AdminChanges() {}

    static GrantTransitions.Change of(
            KeycloakSession session, AdminPermissionEvaluator auth, String grantId, String reason) {
        return of(session, auth, grantId, reason, Map.of());
    }

    /** With {@code more} details, such as the criterion of a bulk revocation. */
    static GrantTransitions.Change of(
            KeycloakSession session,
            AdminPermissionEvaluator auth,
            String grantId,
            String reason,
            Map<String, String> more) {
        Actor actor = Actor.admin(
                auth.adminAuth().getUser().getId(),
                session.getContext().getConnection().getRemoteAddr());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("grant_id", grantId);
        details.put(Details.REASON, reason);
        details.put("admin_realm", auth.adminAuth().getRealm().getName());
        details.putAll(more);
        return GrantTransitions.Change.by(actor, details);
    }
}
