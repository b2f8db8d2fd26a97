package dev.agentgrant.keycloak.admin;

import dev.agentgrant.keycloak.approval.ApprovalSetupAdminResource;
import dev.agentgrant.keycloak.attestation.admin.ExplainResource;
import dev.agentgrant.keycloak.attestation.admin.ProvenanceResource;
import dev.agentgrant.keycloak.grant.admin.AgentsAdminResource;
import dev.agentgrant.keycloak.grant.admin.AuditAdminResource;
import dev.agentgrant.keycloak.grant.admin.GrantsAdminResource;
import dev.agentgrant.keycloak.grant.admin.UserGrantsAdminResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant}: a tree of sub-resources, one per capability, sharing the caller's
 * admin permissions.
 */
public final class AgentGrantAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AgentGrantAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path("provenance")
    public ProvenanceResource provenance() {
        return new ProvenanceResource(session, realm, auth, adminEvent);
    }

    @Path("attestation")
    public ExplainResource attestation() {
        return new ExplainResource(session, realm, auth);
    }

    @Path("grants")
    public GrantsAdminResource grants() {
        return new GrantsAdminResource(session, realm, auth, adminEvent);
    }

    @Path("agents")
    public AgentsAdminResource agents() {
        return new AgentsAdminResource(session, realm, auth, adminEvent);
    }

    @Path("audit")
    public AuditAdminResource audit() {
        return new AuditAdminResource(session, realm, auth);
    }

    @Path("approval-setup")
    public ApprovalSetupAdminResource approvalSetup() {
        return new ApprovalSetupAdminResource(session, realm, auth, adminEvent);
    }

    @Path("users")
    public UserGrantsAdminResource users() {
        return new UserGrantsAdminResource(session, realm, auth, adminEvent);
    }
}
