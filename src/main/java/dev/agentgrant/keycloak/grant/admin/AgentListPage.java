package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.store.GrantSearch;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** One page of {@code GET …/agent-grant/agents}: the agents the caller may view that match the query. */
final class AgentListPage {

    private AgentListPage() {}

    static Map<String, Object> answer(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AgentListQuery query) {
        boolean viewsAll = auth.clients().canView();
        // Keycloak's attribute search refuses attributes its server option does not list as searchable, so the
        // realm's clients are read (from Keycloak's cache) and filtered here, as its own client list does for an
        // admin who may view only some clients.
        List<AgentView> visible = realm.getClientsStream()
                .filter(client -> AgentView.isAgent(client.getAttributes()))
                .filter(client -> viewsAll || auth.clients().canView(client))
                .map(client -> AgentView.of(AgentClientFacts.of(client)))
                .toList();
        List<AgentView> matching = AgentListing.matching(visible, query, ownerNames(session, realm, query));
        GrantSearch search = GrantSearch.of(session);
        Map<String, Long> activeGrants = null;
        if (query.active().isPresent()) {
            activeGrants = search.activeCountsByAgent(realm.getId());
            matching = AgentListing.withActive(matching, query.active().get(), activeGrants);
        }
        List<AgentView> page = AgentListing.page(matching, query.first(), query.max());
        if (activeGrants == null) {
            activeGrants = search.activeCountsOf(
                    realm.getId(), page.stream().map(a -> a.facts().id()).toList());
        }
        Map<String, Long> counts = activeGrants;
        return AgentDocuments.page(
                page.stream()
                        .map(agent -> AgentDocuments.summary(
                                agent, counts.getOrDefault(agent.facts().id(), 0L)))
                        .toList(),
                query.first(),
                query.max());
    }

    /** The usernames an {@code owner} filter stands for: the value, and the username of the user of that id. */
    private static Set<String> ownerNames(KeycloakSession session, RealmModel realm, AgentListQuery query) {
        Set<String> names = new HashSet<>();
        query.owner().ifPresent(owner -> {
            names.add(owner);
            UserModel user = session.users().getUserById(realm, owner);
            if (user != null) {
                names.add(user.getUsername());
            }
        });
        return names;
    }
}
