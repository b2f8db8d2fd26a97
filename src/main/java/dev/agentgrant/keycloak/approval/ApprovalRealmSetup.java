package dev.agentgrant.keycloak.approval;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.CONDITIONAL;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.DISABLED;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.browser.CookieAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.IdentityProviderAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.OTPFormAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalUserConfiguredAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * What a realm needs for approvals: the internal approval client and the "agent grant approval" flow bound to it as
 * its browser flow. They are created when a realm is created or imported (without them), for every realm that lacks
 * them when the server starts, and by an admin's repair ({@code POST /admin/realms/{realm}/agent-grant/approval-setup});
 * never by a public request. A realm that lacks them answers the verification page with an error page instead.
 *
 * <pre>
 * agent grant approval
 * ├── sign in                          REQUIRED
 * │   ├── Cookie                       ALTERNATIVE
 * │   ├── Identity Provider Redirector ALTERNATIVE
 * │   └── sign-in forms                ALTERNATIVE
 * │       ├── Username Password Form   REQUIRED
 * │       └── OTP if configured        CONDITIONAL (Condition - user configured, OTP Form)
 * ├── step-up for sensitive tasks      DISABLED until an admin configures it
 * │   ├── Condition - agent task       REQUIRED
 * │   └── OTP Form                     REQUIRED
 * └── Agent task consent               REQUIRED
 * </pre>
 *
 * An admin edits this flow like any other (e.g. WebAuthn instead of OTP) or binds another flow to the approval
 * client; the flow must end with "Agent task consent".
 */
public final class ApprovalRealmSetup {

    public static final String APPROVAL_CLIENT_ID = "agent-grant-approval";
    public static final String FLOW_ALIAS = "agent grant approval";
    private static final Logger LOG = Logger.getLogger(ApprovalRealmSetup.class);

    /** What {@link #install} had to do; all false when the realm was complete. */
    public record Changes(boolean clientCreated, boolean flowCreated, boolean flowBound) {
        public boolean any() {
            return clientCreated || flowCreated || flowBound;
        }
    }

    private ApprovalRealmSetup() {}

    /**
     * Creates what is missing and leaves the rest as an admin set it: the client when there is none; the flow and its
     * binding only when the client has no browser flow bound, or one that no longer exists. A client an admin bound
     * to another flow keeps it.
     */
    public static Changes install(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(APPROVAL_CLIENT_ID);
        boolean clientCreated = false;
        if (client == null) {
            client = createClient(realm);
            clientCreated = true;
        }
        boolean flowCreated = false;
        boolean flowBound = false;
        if (boundFlow(realm, client).isEmpty()) {
            AuthenticationFlowModel flow = realm.getFlowByAlias(FLOW_ALIAS);
            if (flow == null) {
                flow = createFlow(realm);
                flowCreated = true;
            }
            client.setAuthenticationFlowBindingOverride(AuthenticationFlowBindings.BROWSER_BINDING, flow.getId());
            flowBound = true;
        }
        Changes changes = new Changes(clientCreated, flowCreated, flowBound);
        if (changes.any()) {
            LOG.infof("Agent Grant: approval setup of realm %s: %s", realm.getName(), changes);
        }
        return changes;
    }

    /** Why approvals cannot start in this realm, if they cannot; changes nothing. */
    public static Optional<String> problem(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(APPROVAL_CLIENT_ID);
        if (client == null) {
            return Optional.of("the client " + APPROVAL_CLIENT_ID + " is missing");
        }
        if (!client.isEnabled()) {
            return Optional.of("the client " + APPROVAL_CLIENT_ID + " is disabled");
        }
        if (boundFlow(realm, client).isEmpty()) {
            return Optional.of("the client " + APPROVAL_CLIENT_ID + " has no existing browser flow bound");
        }
        return Optional.empty();
    }

    /** The approval client when approvals can start; empty (and a warning for the admin) when not. */
    static Optional<ClientModel> approvalClient(RealmModel realm) {
        Optional<String> problem = problem(realm);
        if (problem.isPresent()) {
            LOG.warnf(
                    "Agent Grant: approvals cannot start in realm %s: %s. Nothing was changed; an admin repairs it with "
                            + "POST %s",
                    realm.getName(),
                    problem.get(),
                    AgentGrantPaths.adminPath(realm.getName(), AgentGrantPaths.APPROVAL_SETUP));
            return Optional.empty();
        }
        return Optional.of(realm.getClientByClientId(APPROVAL_CLIENT_ID));
    }

    private static Optional<AuthenticationFlowModel> boundFlow(RealmModel realm, ClientModel client) {
        String flowId = client.getAuthenticationFlowBindingOverride(AuthenticationFlowBindings.BROWSER_BINDING);
        return flowId == null ? Optional.empty() : Optional.ofNullable(realm.getAuthenticationFlowById(flowId));
    }

    private static ClientModel createClient(RealmModel realm) {
        ClientModel client = realm.addClient(APPROVAL_CLIENT_ID);
        client.setName("Agent Grant approvals");
        client.setDescription(
                "Internal: people sign in under this client to approve agent tasks. "
                        + "It never receives codes or tokens. Bind the approval flow to it (Advanced > Authentication flow overrides).");
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setPublicClient(false);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setFullScopeAllowed(false);
        client.setConsentRequired(false);
        client.setEnabled(true);
        return client;
    }

    static AuthenticationFlowModel createFlow(RealmModel realm) {
        AuthenticationFlowModel top =
                flow(realm, FLOW_ALIAS, "Approving an agent task: sign in, optional step-up, consent", true);
        AuthenticationFlowModel signIn = subflow(realm, top, "agent grant approval - sign in", REQUIRED, 10);
        execution(realm, signIn, CookieAuthenticatorFactory.PROVIDER_ID, ALTERNATIVE, 10);
        execution(realm, signIn, IdentityProviderAuthenticatorFactory.PROVIDER_ID, ALTERNATIVE, 20);
        AuthenticationFlowModel forms = subflow(realm, signIn, "agent grant approval - forms", ALTERNATIVE, 30);
        execution(realm, forms, UsernamePasswordFormFactory.PROVIDER_ID, REQUIRED, 10);
        AuthenticationFlowModel otp =
                subflow(realm, forms, "agent grant approval - otp if configured", CONDITIONAL, 20);
        execution(realm, otp, ConditionalUserConfiguredAuthenticatorFactory.PROVIDER_ID, REQUIRED, 10);
        execution(realm, otp, OTPFormAuthenticatorFactory.PROVIDER_ID, REQUIRED, 20);
        AuthenticationFlowModel stepUp = subflow(realm, top, "agent grant approval - step-up", DISABLED, 20);
        execution(realm, stepUp, AgentTaskConditionFactory.ID, REQUIRED, 10);
        execution(realm, stepUp, OTPFormAuthenticatorFactory.PROVIDER_ID, REQUIRED, 20);
        execution(realm, top, ConsentAuthenticatorFactory.ID, REQUIRED, 30);
        return top;
    }

    private static AuthenticationFlowModel flow(RealmModel realm, String alias, String description, boolean topLevel) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return realm.addAuthenticationFlow(flow);
    }

    private static AuthenticationFlowModel subflow(
            RealmModel realm,
            AuthenticationFlowModel parent,
            String alias,
            AuthenticationExecutionModel.Requirement requirement,
            int priority) {
        AuthenticationFlowModel flow = flow(realm, alias, null, false);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setFlowId(flow.getId());
        execution.setAuthenticatorFlow(true);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
        return flow;
    }

    private static void execution(
            RealmModel realm,
            AuthenticationFlowModel parent,
            String authenticator,
            AuthenticationExecutionModel.Requirement requirement,
            int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
    }
}
