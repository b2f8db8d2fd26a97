package dev.agentgrant.keycloak.approval;

import static dev.agentgrant.keycloak.approval.AgentTaskMatch.AGENTS;
import static dev.agentgrant.keycloak.approval.AgentTaskMatch.AUDIENCES;
import static dev.agentgrant.keycloak.approval.AgentTaskMatch.SCOPES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What "Condition – agent task" matches, and how its lists are written in the admin console. */
class AgentTaskMatchTest {

    // ---- fromConfig --------------------------------------------------------------------------------------------

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of(null, Set.of()),
                Arguments.of("", Set.of()),
                Arguments.of(" ", Set.of()),
                Arguments.of(" \t\n ", Set.of()),
                Arguments.of(",", Set.of()),
                Arguments.of("##", Set.of()),
                Arguments.of(", ## ,", Set.of()),
                Arguments.of("deployer", Set.of("deployer")),
                Arguments.of("  deployer  ", Set.of("deployer")),
                Arguments.of("deployer reporter", Set.of("deployer", "reporter")),
                Arguments.of("deployer   reporter", Set.of("deployer", "reporter")),
                Arguments.of("deployer\treporter\nauditor", Set.of("deployer", "reporter", "auditor")),
                Arguments.of("deployer,reporter", Set.of("deployer", "reporter")),
                Arguments.of("deployer, reporter", Set.of("deployer", "reporter")),
                Arguments.of("deployer ,reporter", Set.of("deployer", "reporter")),
                Arguments.of(",deployer,,reporter,", Set.of("deployer", "reporter")),
                Arguments.of("deployer##reporter", Set.of("deployer", "reporter")),
                Arguments.of("deployer##reporter##auditor", Set.of("deployer", "reporter", "auditor")),
                Arguments.of("##deployer####reporter##", Set.of("deployer", "reporter")),
                Arguments.of("deployer ## reporter", Set.of("deployer", "reporter")),
                Arguments.of("deployer##reporter, auditor ops", Set.of("deployer", "reporter", "auditor", "ops")),
                Arguments.of("deployer deployer,deployer##deployer", Set.of("deployer")),
                Arguments.of(
                        "orders:read https://api.example/orders.write",
                        Set.of("orders:read", "https://api.example/orders.write")),
                Arguments.of("team#1", Set.of("team#1")));
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @MethodSource("lists")
    void listsAreSpaceCommaOrMultivaluedSeparated(String written, Set<String> names) {
        Map<String, String> config = new HashMap<>();
        config.put(AGENTS, written);
        config.put(AUDIENCES, written);
        config.put(SCOPES, written);

        AgentTaskMatch match = AgentTaskMatch.fromConfig(config);

        assertThat(match.agents()).isEqualTo(names);
        assertThat(match.audiences()).isEqualTo(names);
        assertThat(match.scopes()).isEqualTo(names);
    }

    @Test
    void eachListIsReadFromItsOwnSetting() {
        AgentTaskMatch match = AgentTaskMatch.fromConfig(
                Map.of(AGENTS, "deployer", AUDIENCES, "payments-api", SCOPES, "payments:refund"));

        assertThat(match)
                .isEqualTo(new AgentTaskMatch(Set.of("deployer"), Set.of("payments-api"), Set.of("payments:refund")));
        assertThat(AGENTS).isEqualTo("agents");
        assertThat(AUDIENCES).isEqualTo("audiences");
        assertThat(SCOPES).isEqualTo("scopes");
    }

    @Test
    void missingSettingsAreEmptyLists() {
        assertThat(AgentTaskMatch.fromConfig(Map.of())).isEqualTo(new AgentTaskMatch(Set.of(), Set.of(), Set.of()));
        assertThat(AgentTaskMatch.fromConfig(Map.of(AUDIENCES, "payments-api")))
                .isEqualTo(new AgentTaskMatch(Set.of(), Set.of("payments-api"), Set.of()));
    }

    // ---- matches -----------------------------------------------------------------------------------------------

    static Stream<Arguments> tasks() {
        return Stream.of(
                // Nothing configured: every task.
                task("nothing configured", Map.of(), "deployer", "payments-api", Set.of("payments:refund"), true),
                task("nothing configured, no scopes", Map.of(), "deployer", "payments-api", Set.of(), true),
                task(
                        "blank lists",
                        Map.of(AGENTS, " ", AUDIENCES, "", SCOPES, "##"),
                        "deployer",
                        "payments-api",
                        Set.of("payments:refund"),
                        true),

                // Agents by client_id.
                task(
                        "a listed agent",
                        Map.of(AGENTS, "deployer reporter"),
                        "reporter",
                        "payments-api",
                        Set.of("x"),
                        true),
                task(
                        "an agent not listed",
                        Map.of(AGENTS, "deployer reporter"),
                        "auditor",
                        "payments-api",
                        Set.of("x"),
                        false),
                task(
                        "an agent in another case",
                        Map.of(AGENTS, "deployer"),
                        "Deployer",
                        "payments-api",
                        Set.of("x"),
                        false),

                // Audiences by client_id.
                task(
                        "a listed audience",
                        Map.of(AUDIENCES, "payments-api,orders-api"),
                        "deployer",
                        "orders-api",
                        Set.of("x"),
                        true),
                task(
                        "an audience not listed",
                        Map.of(AUDIENCES, "payments-api,orders-api"),
                        "deployer",
                        "mail-api",
                        Set.of("x"),
                        false),

                // Scopes on any overlap.
                task(
                        "one of the requested scopes listed",
                        Map.of(SCOPES, "payments:refund orders:write"),
                        "deployer",
                        "payments-api",
                        Set.of("orders:read", "orders:write"),
                        true),
                task(
                        "every requested scope listed",
                        Map.of(SCOPES, "payments:refund orders:write"),
                        "deployer",
                        "payments-api",
                        Set.of("payments:refund", "orders:write"),
                        true),
                task(
                        "a single requested scope listed",
                        Map.of(SCOPES, "payments:refund"),
                        "deployer",
                        "payments-api",
                        Set.of("payments:refund"),
                        true),
                task(
                        "no requested scope listed",
                        Map.of(SCOPES, "payments:refund orders:write"),
                        "deployer",
                        "payments-api",
                        Set.of("orders:read"),
                        false),
                task(
                        "no scopes requested",
                        Map.of(SCOPES, "payments:refund"),
                        "deployer",
                        "payments-api",
                        Set.of(),
                        false),
                task(
                        "a scope that only starts like a listed one",
                        Map.of(SCOPES, "payments"),
                        "deployer",
                        "payments-api",
                        Set.of("payments:refund"),
                        false),

                // Every configured list must match.
                task(
                        "agent and audience both match",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api"),
                        "deployer",
                        "payments-api",
                        Set.of("x"),
                        true),
                task(
                        "agent matches, audience does not",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api"),
                        "deployer",
                        "orders-api",
                        Set.of("x"),
                        false),
                task(
                        "audience matches, agent does not",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api"),
                        "reporter",
                        "payments-api",
                        Set.of("x"),
                        false),
                task(
                        "all three match",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api", SCOPES, "payments:refund"),
                        "deployer",
                        "payments-api",
                        Set.of("payments:read", "payments:refund"),
                        true),
                task(
                        "all but the scopes match",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api", SCOPES, "payments:refund"),
                        "deployer",
                        "payments-api",
                        Set.of("payments:read"),
                        false),
                task(
                        "all but the agent match",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api", SCOPES, "payments:refund"),
                        "reporter",
                        "payments-api",
                        Set.of("payments:refund"),
                        false),
                task(
                        "all but the audience match",
                        Map.of(AGENTS, "deployer", AUDIENCES, "payments-api", SCOPES, "payments:refund"),
                        "deployer",
                        "orders-api",
                        Set.of("payments:refund"),
                        false),
                task(
                        "a name listed for agents does not count as an audience",
                        Map.of(AGENTS, "payments-api", AUDIENCES, "orders-api"),
                        "deployer",
                        "payments-api",
                        Set.of("x"),
                        false));
    }

    @ParameterizedTest(name = "{0} → {5}")
    @MethodSource("tasks")
    void everyConfiguredListMustMatch(
            String description,
            Map<String, String> config,
            String agent,
            String audience,
            Set<String> scopes,
            boolean matches) {
        assertThat(AgentTaskMatch.fromConfig(config).matches(agent, audience, scopes))
                .isEqualTo(matches);
    }

    private static Arguments task(
            String description,
            Map<String, String> config,
            String agent,
            String audience,
            Set<String> scopes,
            boolean matches) {
        return Arguments.of(description, config, agent, audience, scopes, matches);
    }
}
