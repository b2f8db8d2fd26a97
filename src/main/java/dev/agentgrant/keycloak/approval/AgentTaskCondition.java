package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Condition – agent task": true when the task being approved matches the configured agents, audiences or scopes
 * ({@link AgentTaskMatch}), so an admin can put e.g. an OTP or WebAuthn step behind it for sensitive tasks only.
 * Outside an approval (no task in the authentication session) it is false.
 */
public final class AgentTaskCondition implements ConditionalAuthenticator {

    static final AgentTaskCondition INSTANCE = new AgentTaskCondition();

    private static final String REASON = "agentGrantStepUpReason";
    private static final String REASON_GENERIC = "agentGrantStepUpReasonGeneric";

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        String grantId = context.getAuthenticationSession().getClientNote(ApprovalNotes.GRANT_ID);
        if (grantId == null) {
            return false;
        }
        Optional<TaskGrant> grant =
                GrantStore.of(context.getSession()).find(context.getRealm().getId(), grantId);
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        Map<String, String> settings = config == null || config.getConfig() == null ? Map.of() : config.getConfig();
        AgentTaskMatch match = AgentTaskMatch.fromConfig(settings);
        boolean sensitive = grant.map(g -> match.matches(
                        g.agent().clientId(),
                        g.request().task().audience(),
                        g.request().task().scopes()))
                .orElse(false);
        if (!sensitive || alreadySteppedUp(context)) {
            return false;
        }
        tellWhy(context, grant.get(), match);
        return true;
    }

    /**
     * Says on the step-up's own form (Keycloak's one-time code or passkey page, through its forwarded info message)
     * why it asks: the consent texts of the task's scopes this condition matched or an admin marked sensitive.
     */
    private static void tellWhy(AuthenticationFlowContext context, TaskGrant grant, AgentTaskMatch match) {
        ScopeTexts texts = ScopeTexts.of(
                context.getSession(),
                context.getRealm(),
                ApprovalPages.locale(context.getSession(), context.getUser()));
        List<String> why = grant.request().task().scopes().stream()
                .filter(scope -> match.scopes().contains(scope) || texts.sensitive(scope))
                .sorted()
                .map(texts::readable)
                .toList();
        if (why.isEmpty()) {
            context.setForwardedInfoMessage(REASON_GENERIC);
        } else {
            context.setForwardedInfoMessage(REASON, String.join(", ", why));
        }
    }

    /**
     * Whether this very sign-in already passed the step-up's own authenticator (a person who signed in just now with
     * password and OTP is not asked for a second OTP, which Keycloak would refuse to accept twice anyway). Within an
     * SSO session the sign-in executions did not run, so the step-up asks.
     */
    private static boolean alreadySteppedUp(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        String stepUpFlow = context.getExecution().getParentFlow();
        Set<String> stepUpAuthenticators = new HashSet<>();
        Set<String> stepUpExecutions = new HashSet<>();
        realm.getAuthenticationExecutionsStream(stepUpFlow).forEach(execution -> {
            stepUpExecutions.add(execution.getId());
            if (execution.getAuthenticator() != null
                    && !execution.getId().equals(context.getExecution().getId())) {
                stepUpAuthenticators.add(execution.getAuthenticator());
            }
        });
        Map<String, String> passed = new HashMap<>();
        context.getAuthenticationSession().getExecutionStatus().forEach((executionId, status) -> {
            if (status == AuthenticationSessionModel.ExecutionStatus.SUCCESS
                    && !stepUpExecutions.contains(executionId)) {
                AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
                if (execution != null && execution.getAuthenticator() != null) {
                    passed.put(executionId, execution.getAuthenticator());
                }
            }
        });
        return StepUpRule.satisfiedBy(stepUpAuthenticators, passed.values());
    }

    @Override
    public void action(AuthenticationFlowContext context) {}

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}
