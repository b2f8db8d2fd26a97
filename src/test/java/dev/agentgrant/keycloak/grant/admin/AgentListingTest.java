package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which agents the admin list shows, in which order, and how it pages. */
class AgentListingTest {

    private static final AgentView MAIL = agent("mail-agent", "Mail helper", Map.of("agent-grant.owners", "Bob alice"));
    private static final AgentView CALENDAR =
            agent("calendar-agent", "Calendar", Map.of("agent-grant.suspended", "true", "agent-grant.owners", "carol"));
    private static final AgentView BROKEN = agent(
            "broken-agent",
            null,
            Map.of("agent-grant.suspended", "true", "agent-grant.owners", "bob", "agent-grant.max-uses", "0"));
    private static final List<AgentView> ALL = List.of(MAIL, CALENDAR, BROKEN);

    @Test
    void withoutFiltersEveryAgentIsListedByClientId() {
        assertThat(clientIds(AgentListing.matching(ALL, query(), Set.of())))
                .containsExactly("broken-agent", "calendar-agent", "mail-agent");
    }

    @Test
    void searchMatchesPartOfTheClientIdOrNameInAnyCase() {
        assertThat(clientIds(AgentListing.matching(ALL, query("HELP", null, null), Set.of())))
                .containsExactly("mail-agent");
        assertThat(clientIds(AgentListing.matching(ALL, query("Dar-Ag", null, null), Set.of())))
                .containsExactly("calendar-agent");
        assertThat(AgentListing.matching(ALL, query("nothing", null, null), Set.of()))
                .isEmpty();
    }

    @Test
    void ownerMatchesAnyOfTheNamesItStandsForWithoutCaseAlsoWhenTheProfileDoesNotRead() {
        assertThat(clientIds(AgentListing.matching(ALL, query(null, "bob", null), Set.of("bob"))))
                .containsExactly("broken-agent", "mail-agent");
        assertThat(clientIds(
                        AgentListing.matching(ALL, query(null, "4a0e-user-id", null), Set.of("4a0e-user-id", "carol"))))
                .containsExactly("calendar-agent");
        assertThat(AgentListing.matching(ALL, query(null, "dave", null), Set.of("dave")))
                .isEmpty();
    }

    @Test
    void suspendedFiltersBothWays() {
        assertThat(clientIds(AgentListing.matching(ALL, query(null, null, true), Set.of())))
                .containsExactly("broken-agent", "calendar-agent");
        assertThat(clientIds(AgentListing.matching(ALL, query(null, null, false), Set.of())))
                .containsExactly("mail-agent");
    }

    @Test
    void activeKeepsAgentsWithAtLeastOneActiveGrantOrNone() {
        Map<String, Long> counts = Map.of("id-mail-agent", 2L, "id-calendar-agent", 0L);

        assertThat(clientIds(AgentListing.withActive(ALL, true, counts))).containsExactly("mail-agent");
        assertThat(clientIds(AgentListing.withActive(ALL, false, counts)))
                .containsExactly("calendar-agent", "broken-agent");
    }

    @Test
    void pagesCutTheOrderedListWithoutOverlap() {
        List<String> all = List.of("a", "b", "c", "d", "e");

        assertThat(AgentListing.page(all, 0, 2)).containsExactly("a", "b");
        assertThat(AgentListing.page(all, 2, 2)).containsExactly("c", "d");
        assertThat(AgentListing.page(all, 4, 2)).containsExactly("e");
        assertThat(AgentListing.page(all, 5, 2)).isEmpty();
        assertThat(AgentListing.page(all, 999_999_999, 100)).isEmpty();
    }

    private static AgentListQuery query() {
        return query(null, null, null);
    }

    private static AgentListQuery query(String search, String owner, Boolean suspended) {
        return new AgentListQuery(
                Optional.ofNullable(search),
                Optional.ofNullable(owner),
                Optional.ofNullable(suspended),
                Optional.empty(),
                0,
                20);
    }

    static AgentView agent(String clientId, String name, Map<String, String> attributes) {
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put("agent-grant.enabled", "true");
        return AgentView.of(new AgentFacts(clientId, "id-" + clientId, name, true, true, true, false, Set.of(), all));
    }

    private static List<String> clientIds(List<AgentView> agents) {
        return agents.stream().map(a -> a.facts().clientId()).toList();
    }
}
