package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers "Condition - agent task" for conditional sub-flows of the agent approval flow. */
public final class AgentTaskConditionFactory
        implements ConditionalAuthenticatorFactory, ExtensionProviderFactory<Authenticator> {

    public static final String ID = "agent-grant-task-condition";

    @Override
    public ConditionalAuthenticator getSingleton() {
        return AgentTaskCondition.INSTANCE;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AgentTaskCondition.INSTANCE;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - agent task";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED
        };
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "True when the agent task being approved matches the configured agents, audiences or scopes "
                + "(every list that is set must match; scopes match when the task requests any of them).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of(
                property(AgentTaskMatch.AGENTS, "Agents", "Client IDs of agents; empty matches every agent."),
                property(
                        AgentTaskMatch.AUDIENCES,
                        "Audiences",
                        "Client IDs of audiences; empty matches every audience."),
                property(
                        AgentTaskMatch.SCOPES,
                        "Scopes",
                        "Scope names; the condition holds when the task requests any of them. Empty matches every task."));
    }

    private static ProviderConfigProperty property(String name, String label, String help) {
        ProviderConfigProperty property = new ProviderConfigProperty();
        property.setName(name);
        property.setLabel(label);
        property.setHelpText(help);
        property.setType(ProviderConfigProperty.MULTIVALUED_STRING_TYPE);
        return property;
    }
}
