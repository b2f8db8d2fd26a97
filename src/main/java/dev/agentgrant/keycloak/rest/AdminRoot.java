package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.approval.ApprovalSetupAdminResource;
import dev.agentgrant.keycloak.attestation.admin.AttestationSourcesResource;
import dev.agentgrant.keycloak.attestation.admin.ExplainResource;
import dev.agentgrant.keycloak.attestation.admin.ProvenanceResource;
import dev.agentgrant.keycloak.console.ConsoleAccessResource;
import dev.agentgrant.keycloak.console.ConsoleSetupAdminResource;
import dev.agentgrant.keycloak.grant.admin.AgentsAdminResource;
import dev.agentgrant.keycloak.grant.admin.AuditAdminResource;
import dev.agentgrant.keycloak.grant.admin.GrantsAdminResource;
import dev.agentgrant.keycloak.grant.admin.UserGrantsAdminResource;
import dev.agentgrant.keycloak.signal.admin.SignalsAdminResource;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant}: a tree of sub-resources, one per capability, sharing the caller's
 * admin permissions. The resources that read a query or body get it read strictly first ({@link StrictInput}): a
 * malformed one is answered 400 {@code invalid_request}, never cached.
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
        StrictInput.readForApi(session);
        return new ProvenanceResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.ATTESTATION)
    public ExplainResource attestation() {
        StrictInput.readForApi(session);
        return new ExplainResource(session, realm, auth, AgentClients::attestationIdentity);
    }

    /** More literal than {@link #attestation()}, so JAX-RS routes {@code attestation/sources} here. */
    @Path(AgentGrantPaths.ATTESTATION + "/" + AgentGrantPaths.SOURCES)
    public AttestationSourcesResource attestationSources() {
        StrictInput.readForApi(session);
        return new AttestationSourcesResource(session, realm, auth);
    }

    @Path(AgentGrantPaths.GRANTS)
    public GrantsAdminResource grants() {
        StrictInput.readForApi(session);
        return new GrantsAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.AGENTS)
    public AgentsAdminResource agents() {
        StrictInput.readForApi(session);
        return new AgentsAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.SIGNALS)
    public SignalsAdminResource signals() {
        StrictInput.readForApi(session);
        return new SignalsAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.AUDIT)
    public AuditAdminResource audit() {
        return new AuditAdminResource(session, realm, auth);
    }

    @Path(AgentGrantPaths.APPROVAL_SETUP)
    public ApprovalSetupAdminResource approvalSetup() {
        return new ApprovalSetupAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.CONSOLE_SETUP)
    public ConsoleSetupAdminResource consoleSetup() {
        return new ConsoleSetupAdminResource(session, realm, auth, adminEvent);
    }

    @Path(AgentGrantPaths.CONSOLE_ACCESS)
    public ConsoleAccessResource consoleAccess() {
        return new ConsoleAccessResource(realm, auth);
    }

    @Path(AgentGrantPaths.USERS)
    public UserGrantsAdminResource users() {
        StrictInput.readForApi(session);
        return new UserGrantsAdminResource(session, realm, auth, adminEvent);
    }
}
