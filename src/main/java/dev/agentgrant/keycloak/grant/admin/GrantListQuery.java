package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.GrantStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query of {@code GET …/agent-grant/grants}: optional filters {@code user} (a user id), {@code agent} (a
 * client_id) and {@code status}, and the page {@code first} / {@code max}. A filter the API does not know, a repeated
 * or empty one, or a value out of range is refused: an ignored filter would list more than the admin asked for.
 */
record GrantListQuery(Optional<String> user, Optional<String> agent, Optional<GrantStatus> status, int first, int max) {

    static final int DEFAULT_MAX = QueryParameters.DEFAULT_MAX;
    static final int MAX_PAGE = QueryParameters.MAX_PAGE;
    /** Keycloak's longest user ids and client_ids. */
    static final int MAX_NAME_LENGTH = QueryParameters.MAX_NAME_LENGTH;

    static final String USER = "user";
    static final String AGENT = "agent";
    static final String STATUS = "status";
    private static final Set<String> PARAMETERS =
            Set.of(USER, AGENT, STATUS, QueryParameters.FIRST, QueryParameters.MAX);

    static GrantListQuery parse(Map<String, List<String>> parameters) throws InvalidAdminRequest {
        QueryParameters query = QueryParameters.checked(parameters, PARAMETERS, "user, agent, status, first and max");
        Optional<String> user = query.name(USER);
        Optional<String> agent = query.name(AGENT);
        Optional<GrantStatus> status = Optional.empty();
        Optional<String> statusValue = query.value(STATUS);
        if (statusValue.isPresent()) {
            status = Arrays.stream(GrantStatus.values())
                    .filter(s -> s.name().equals(statusValue.get()))
                    .findFirst();
            if (status.isEmpty()) {
                throw new InvalidAdminRequest("status must be one of "
                        + Arrays.stream(GrantStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return new GrantListQuery(user, agent, status, query.first(), query.max());
    }
}
