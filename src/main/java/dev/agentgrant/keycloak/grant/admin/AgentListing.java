package dev.agentgrant.keycloak.grant.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which agents {@code GET …/agents} lists, in order: the filters of an {@link AgentListQuery} applied to the agents
 * the caller may view, sorted by client_id (a stable order, so paging neither skips nor repeats an agent while none is
 * added), then cut to the page.
 */
final class AgentListing {

    private AgentListing() {}

    /**
     * The agents matching {@code search}, {@code owner} and {@code suspended}, sorted by client_id.
     *
     * @param ownerNames the usernames the {@code owner} filter stands for (the value itself and, when it is a user id,
     *                   that user's username), compared without case as Keycloak compares usernames; ignored when
     *                   the query has no owner filter
     */
    static List<AgentView> matching(List<AgentView> agents, AgentListQuery query, Set<String> ownerNames) {
        Set<String> owners =
                ownerNames.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return agents.stream()
                .filter(agent ->
                        query.search().map(text -> mentions(agent, text)).orElse(true))
                .filter(agent -> query.owner().isEmpty() || ownedByAny(agent, owners))
                .filter(agent ->
                        query.suspended().map(s -> s == agent.suspended()).orElse(true))
                .sorted(Comparator.comparing(agent -> agent.facts().clientId()))
                .toList();
    }

    /**
     * The agents that have (or, for {@code false}, have not) at least one active grant.
     *
     * @param activeGrants active grants by the client's internal id; an agent without an entry has none
     */
    static List<AgentView> withActive(List<AgentView> agents, boolean active, Map<String, Long> activeGrants) {
        return agents.stream()
                .filter(agent -> (activeGrants.getOrDefault(agent.facts().id(), 0L) > 0) == active)
                .toList();
    }

    static <T> List<T> page(List<T> all, int first, int max) {
        if (first >= all.size()) {
            return List.of();
        }
        return all.subList(first, Math.min(all.size(), first + max));
    }

    private static boolean mentions(AgentView agent, String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        String name = agent.facts().name();
        return agent.facts().clientId().toLowerCase(Locale.ROOT).contains(wanted)
                || (name != null && name.toLowerCase(Locale.ROOT).contains(wanted));
    }

    private static boolean ownedByAny(AgentView agent, Set<String> owners) {
        return agent.owners().stream().anyMatch(owner -> owners.contains(owner.toLowerCase(Locale.ROOT)));
    }
}
