package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What makes an agent client unusable, reported all at once with the setting each problem is about. */
class AgentViewTest {

    @Test
    void aWellSetUpAgentHasItsProfileAndNoProblem() {
        AgentView agent = AgentView.of(facts(
                true,
                true,
                false,
                Set.of(),
                Map.of(
                        "agent-grant.enabled", "true",
                        "agent-grant.allowed-scopes", "calendar.read",
                        "agent-grant.owners", "bob",
                        "client.secret.creation.time", "1700000000")));

        assertThat(agent.problems()).isEmpty();
        assertThat(agent.profile()).isPresent();
        assertThat(agent.owners()).containsExactly("bob");
        assertThat(agent.suspended()).isFalse();
        assertThat(agent.agentAttributes())
                .containsOnlyKeys("agent-grant.enabled", "agent-grant.allowed-scopes", "agent-grant.owners");
    }

    @Test
    void everyProblemOfClientScopeAndAttributesIsReportedWithItsSetting() {
        AgentView agent = AgentView.of(facts(
                false,
                false,
                true,
                Set.of("realm-management/manage-users"),
                Map.of(
                        "agent-grant.enabled", "true",
                        "agent-grant.max-uses", "0",
                        "agent-grant.allowed-scopes", "openid calendar.read",
                        "agent-grant.colour", "blue",
                        "Agent-Grant.Owners", "bob")));

        assertThat(agent.profile()).isEmpty();
        assertThat(agent.problems().stream().map(Problem::attribute))
                .containsExactlyInAnyOrder(
                        "publicClient",
                        "serviceAccountsEnabled",
                        "agent-grant.colour",
                        "Agent-Grant.Owners",
                        "agent-grant.max-uses",
                        "agent-grant.allowed-scopes",
                        "fullScopeAllowed",
                        "scopeMappings");
        assertThat(agent.problems())
                .filteredOn(p -> p.attribute().equals("scopeMappings"))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("realm-management/manage-users");
        assertThat(agent.agentAttributes()).containsKey("Agent-Grant.Owners");
    }

    @Test
    void anUnreadableProfileStillShowsItsSuspensionAndOwnersAsWritten() {
        AgentView agent = AgentView.of(facts(
                true,
                true,
                false,
                Set.of(),
                Map.of(
                        "agent-grant.enabled", "true",
                        "agent-grant.suspended", "true",
                        "agent-grant.owners", " bob\tcarol ",
                        "agent-grant.max-uses", "many")));

        assertThat(agent.profile()).isEmpty();
        assertThat(agent.suspended()).isTrue();
        assertThat(agent.owners()).containsExactly("bob", "carol");
    }

    @Test
    void onlyExactlyTrueMarksAnAgent() {
        assertThat(AgentView.isAgent(Map.of("agent-grant.enabled", "true"))).isTrue();
        assertThat(AgentView.isAgent(Map.of("agent-grant.enabled", "TRUE"))).isFalse();
        assertThat(AgentView.isAgent(Map.of("agent-grant.enabled", "false"))).isFalse();
        assertThat(AgentView.isAgent(Map.of())).isFalse();
    }

    @Test
    void documentsShowTheSummaryAndTheFullAgent() {
        AgentView agent = AgentView.of(facts(
                true,
                true,
                false,
                Set.of(),
                Map.of(
                        "agent-grant.enabled", "true",
                        "agent-grant.allowed-audiences", "calendar-api",
                        "agent-grant.allowed-scopes", "calendar.read calendar.write",
                        "agent-grant.max-grant-lifetime", "600",
                        "agent-grant.delegates", "mail-helper calendar-helper")));

        Map<String, Object> summary = AgentDocuments.summary(agent, 3);
        assertThat(summary)
                .containsEntry("client_id", "calendar-agent")
                .containsEntry("id", "0c7a")
                .containsEntry("name", "Calendar agent")
                .containsEntry("enabled", true)
                .containsEntry("suspended", false)
                .containsEntry("usable", true)
                .containsEntry("allowed_audiences", List.of("calendar-api"))
                .containsEntry("allowed_scopes", List.of("calendar.read", "calendar.write"))
                .containsEntry("max_grant_lifetime", 600L)
                .containsEntry("attestation_policy_set", false)
                .containsEntry("delegates", List.of("mail-helper", "calendar-helper"))
                .containsEntry("problem_count", 0)
                .containsEntry("active_grants", 3L);
        Map<String, Object> detail = AgentDocuments.detail(agent, 0);
        assertThat(detail).containsEntry("problems", List.of()).containsEntry("active_grants", 0L);
        assertThat(detail.get("attributes")).isEqualTo(agent.agentAttributes());
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = (Map<String, Object>) detail.get("profile");
        assertThat(profile)
                .containsEntry("approval_timeout", 600L)
                .containsEntry("max_uses", 100)
                .containsEntry("delegates", List.of("mail-helper", "calendar-helper"))
                .containsEntry("delegation_depth", 2)
                .doesNotContainKey("attestation_policy");
    }

    private static AgentFacts facts(
            boolean confidential,
            boolean serviceAccount,
            boolean fullScope,
            Set<String> privileged,
            Map<String, String> attributes) {
        return new AgentFacts(
                "calendar-agent",
                "0c7a",
                "Calendar agent",
                true,
                confidential,
                serviceAccount,
                fullScope,
                privileged,
                attributes);
    }
}
