package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import dev.agentgrant.keycloak.support.QueryParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query of {@code GET …/agent-grant/agents}: optional filters {@code search} (part of the client_id or name, any
 * case), {@code owner} (a user id or username among the agent's owners), {@code suspended} and {@code active} (has at
 * least one approved grant that has not ended), and the page {@code first} / {@code max}, with the rules of every
 * admin list ({@link QueryParameters}).
 */
record AgentListQuery(
        Optional<String> search,
        Optional<String> owner,
        Optional<Boolean> suspended,
        Optional<Boolean> active,
        int first,
        int max) {

    static final String SEARCH = "search";
    static final String OWNER = "owner";
    static final String SUSPENDED = "suspended";
    static final String ACTIVE = "active";
    private static final Set<String> PARAMETERS =
            Set.of(SEARCH, OWNER, SUSPENDED, ACTIVE, QueryParameters.FIRST, QueryParameters.MAX);

    static AgentListQuery parse(Map<String, List<String>> parameters) throws InvalidAdminRequest {
        QueryParameters query =
                QueryParameters.checked(parameters, PARAMETERS, "search, owner, suspended, active, first and max");
        return new AgentListQuery(
                query.name(SEARCH),
                query.name(OWNER),
                query.flag(SUSPENDED),
                query.flag(ACTIVE),
                query.first(),
                query.max());
    }
}
