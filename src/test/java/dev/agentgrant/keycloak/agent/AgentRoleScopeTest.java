package dev.agentgrant.keycloak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentRoleScopeTest {

    @Test
    void aNarrowScopeIsAcceptable() {
        assertThat(AgentRoleScope.problems(false, Set.of())).isEmpty();
    }

    @Test
    void fullScopeIsAProblemWithItsRemedy() {
        List<String> problems = AgentRoleScope.problems(true, Set.of());
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("fullScopeAllowed:")
                .contains("turn it off");
    }

    @Test
    void privilegedRolesAreNamedSortedInOneProblem() {
        List<String> problems =
                AgentRoleScope.problems(false, Set.of("realm-management/view-users", "account/manage-account"));
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("remove account/manage-account, realm-management/view-users from");
    }

    @Test
    void bothProblemsAreReportedAtOnce() {
        assertThat(AgentRoleScope.problems(true, Set.of("realm-management/realm-admin")))
                .hasSize(2);
    }
}
