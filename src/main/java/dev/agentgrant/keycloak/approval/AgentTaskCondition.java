package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;
import java.util.Optional;

/**
 * "Condition – agent task": true when the task being approved matches the configured agents, audiences or scopes
 * ({@link AgentTaskMatch}), so an admin can put e.g. an OTP or WebAuthn step behind it for sensitive tasks only.
 * Outside an approval (no task in the authentication session) it is false.
 */
public final class AgentTaskCondition implements ConditionalAuthenticator {

    static final AgentTaskCondition INSTANCE = new AgentTaskCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        String grantId = context.getAuthenticationSession().getClientNote(ApprovalNotes.GRANT_ID);
        if (grantId == null) {
            return false;
        }
        Optional<TaskGrant> grant = GrantStore.of(context.getSession()).find(context.getRealm().getId(), grantId);
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        Map<String, String> settings = config == null || config.getConfig() == null ? Map.of() : config.getConfig();
        return grant.map(g -> AgentTaskMatch.fromConfig(settings).matches(g.agentClientId(), g.audience(), g.requestedScopes()))
                .orElse(false);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
