package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.approval.ApprovalSetupAdminResource;
import dev.agentgrant.keycloak.attestation.admin.ExplainResource;
import dev.agentgrant.keycloak.attestation.admin.ProvenanceResource;
import dev.agentgrant.keycloak.grant.admin.AgentsAdminResource;
import dev.agentgrant.keycloak.grant.admin.AuditAdminResource;
import dev.agentgrant.keycloak.grant.admin.GrantsAdminResource;
import dev.agentgrant.keycloak.grant.admin.UserGrantsAdminResource;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.NoStoreJson;
import dev.agentgrant.keycloak.support.StrictForms;
import dev.agentgrant.keycloak.support.UrlEncodedForm;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant}: a tree of sub-resources, one per capability, sharing the caller's
 * admin permissions.
 */
public final class AdminRoot {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AdminRoot(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @Path(AgentGrantPaths.PROVENANCE)
    public ProvenanceResource provenance() {
        readStrictly();
        return new ProvenanceResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.ATTESTATION)
    public ExplainResource attestation() {
        readStrictly();
        return new ExplainResource(session, realm, auth, AgentClients::attestationIdentity);
    }

    @Path(AgentGrantPaths.GRANTS)
    public GrantsAdminResource grants() {
        readStrictly();
        return new GrantsAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.AGENTS)
    public AgentsAdminResource agents() {
        readStrictly();
        return new AgentsAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.AUDIT)
    public AuditAdminResource audit() {
        return new AuditAdminResource(session, realm, auth);
    }

    @Path(AgentGrantPaths.APPROVAL_SETUP)
    public ApprovalSetupAdminResource approvalSetup() {
        return new ApprovalSetupAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.USERS)
    public UserGrantsAdminResource users() {
        readStrictly();
        return new UserGrantsAdminResource(session, realm, auth, adminEvent);
    }

    /**
     * The query (and a form body, which none of these endpoints takes), read strictly before Keycloak's HTTP layer
     * would parse it: a bad percent-encoding would otherwise be a 500 and invalid UTF-8 silently repaired (see
     * {@link StrictForms}). A malformed one is answered 400 {@code invalid_request}, never cached.
     */
    private void readStrictly() {
        try {
            StrictForms.read(session);
        } catch (UrlEncodedForm.Malformed malformed) {
            throw new WebApplicationException(NoStoreJson.error(400, "invalid_request", malformed.getMessage()).build());
        }
    }
}
