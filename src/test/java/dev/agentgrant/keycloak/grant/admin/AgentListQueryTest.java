package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent list's filters and paging: what is accepted, and that nothing wrong is silently ignored. */
class AgentListQueryTest {

    @Test
    void noParametersListTheFirstTwentyOfAllAgents() throws Exception {
        assertThat(AgentListQuery.parse(Map.of()))
                .isEqualTo(new AgentListQuery(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 20));
    }

    @Test
    void everyFilterAndThePageAreRead() throws Exception {
        AgentListQuery query = AgentListQuery.parse(query(
                "search",
                "Calendar",
                "owner",
                "bob",
                "suspended",
                "false",
                "active",
                "true",
                "first",
                "40",
                "max",
                "100"));

        assertThat(query)
                .isEqualTo(new AgentListQuery(
                        Optional.of("Calendar"), Optional.of("bob"), Optional.of(false), Optional.of(true), 40, 100));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "colour=blue",
                "suspended=yes",
                "suspended=TRUE",
                "active=1",
                "active=",
                "search=",
                "first=-1",
                "first=1e3",
                "max=0",
                "max=101",
                "max=+5",
                "owner=" + "x"
            })
    void aBadParameterIsRefusedNeverIgnored(String parameter) {
        String[] parts = parameter.split("=", 2);
        String value = parts[0].equals("owner") ? "x".repeat(256) : parts[1];

        assertThatThrownBy(() -> AgentListQuery.parse(query(parts[0], value)))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessageContaining(parts[0]);
    }

    @Test
    void aRepeatedParameterIsRefused() {
        assertThatThrownBy(() -> AgentListQuery.parse(Map.of("active", List.of("true", "false"))))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessage("Parameter active is repeated");
    }

    @Test
    void anUnknownParameterNamesTheOnesThatExist() {
        assertThatThrownBy(() -> AgentListQuery.parse(query("agent", "x")))
                .hasMessage(
                        "Unknown parameter 'agent'; the filters are search, owner, suspended, active, first and max");
    }

    private static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], List.of(pairs[i + 1]));
        }
        return query;
    }
}
