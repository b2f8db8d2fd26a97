package dev.agentgrant.keycloak.approval;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What "Condition – agent task" matches: each configured list (agents, audiences, scopes) that is not empty must
 * match — an agent or audience by client_id, scopes when the task requests at least one listed scope. With nothing
 * configured it matches every task. Lists are written space- or comma-separated, or as Keycloak's multivalued
 * strings ({@code ##}-separated).
 */
record AgentTaskMatch(Set<String> agents, Set<String> audiences, Set<String> scopes) {

    static final String AGENTS = "agents";
    static final String AUDIENCES = "audiences";
    static final String SCOPES = "scopes";

    static AgentTaskMatch fromConfig(Map<String, String> config) {
        return new AgentTaskMatch(names(config.get(AGENTS)), names(config.get(AUDIENCES)), names(config.get(SCOPES)));
    }

    boolean matches(String agent, String audience, Set<String> requestedScopes) {
        return (agents.isEmpty() || agents.contains(agent))
                && (audiences.isEmpty() || audiences.contains(audience))
                && (scopes.isEmpty() || !Collections.disjoint(scopes, requestedScopes));
    }

    private static Set<String> names(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split("##|[,\\s]+"))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
