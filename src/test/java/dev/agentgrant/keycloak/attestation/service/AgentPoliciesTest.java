package dev.agentgrant.keycloak.attestation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding an agent's policy from the values its caller gives: fail closed, parsed once per text. */
class AgentPoliciesTest {

    private static final String SETTING = "client attribute agent-grant.attestation-policy";
    private static final String POLICY = "{\"require\":[\"spire\"]}";

    private final AgentPolicies policies = new AgentPolicies();

    private static AgentIdentity agent(Optional<String> policy) {
        return new AgentIdentity("demo-agent", policy, SETTING, Optional.empty());
    }

    @Test
    void anAgentWithoutAPolicyIsRefusedNamingWhereTheAdminSetsIt() {
        for (Optional<String> none : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  \t"))) {
            AttestationRefused refused =
                    catchThrowableOfType(AttestationRefused.class, () -> policies.resolve(null, agent(none)));
            assertThat(refused).as("policy %s", none).isNotNull();
            assertThat(refused.stage()).isEqualTo(AttestationRefused.Stage.POLICY);
            assertThat(refused.reason()).isEqualTo("no_policy");
            assertThat(refused.getMessage()).isEqualTo("Agent demo-agent has no attestation policy (" + SETTING + ")");
        }
    }

    @Test
    void anInlinePolicyIsTheClientsAndIsParsedOncePerText() throws AttestationRefused {
        AgentPolicies.Resolved first = policies.resolve(null, agent(Optional.of("  " + POLICY + "\n")));
        AgentPolicies.Resolved again = policies.resolve(null, agent(Optional.of(POLICY)));

        assertThat(first.id()).isEqualTo(AgentPolicies.CLIENT_POLICY_ID);
        assertThat(again.policy()).isSameAs(first.policy());
    }

    @Test
    void anInvalidInlinePolicyIsRefusedWithItsProblems() {
        AttestationRefused refused = catchThrowableOfType(
                AttestationRefused.class, () -> policies.resolve(null, agent(Optional.of("{\"require\":[]}"))));

        assertThat(refused.stage()).isEqualTo(AttestationRefused.Stage.POLICY);
        assertThat(refused.reason()).isEqualTo("invalid_policy");
        assertThat(refused.getMessage())
                .startsWith("The attestation policy of demo-agent is invalid: ")
                .contains("names no source");
    }
}
