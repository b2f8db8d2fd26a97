package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.AuditRetention;
import dev.agentgrant.keycloak.support.AdminResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/agent-grant/audit}: the size of the realm's audit trail and the retention the
 * cleanup applies to it ({@link AuditRetention}) — counts and times only, no personal data, so {@code view-realm}
 * suffices. The records themselves are read per grant ({@code …/grants/{id}}).
 */
public final class AuditAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AuditAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary() {
        auth.realm().requireViewRealm();
        AuditTrail.Extent extent = AuditTrail.of(session).extent(realm.getId());
        AuditRetention.Setting setting = AuditRetention.read(realm.getAttribute(AuditRetention.ATTRIBUTE));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", extent.records());
        extent.oldest()
                .ifPresent(oldest -> body.put(
                        "oldest_recorded_at", Instant.ofEpochMilli(oldest).getEpochSecond()));
        setting.retention().ifPresent(retention -> body.put("retention_seconds", retention.getSeconds()));
        setting.problem().ifPresent(problem -> body.put("retention_problem", problem));
        return AdminResponses.ok(body);
    }
}
