package dev.agentgrant.keycloak.approval;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of the sub-agents an agent's profile names ({@code agent-grant.delegates}) the consent page offers the person,
 * and so which the consent form may carry back ({@link ApprovalDecision}): those that name an agent of the realm now,
 * other than the agent itself. A name whose client was deleted or stopped being an agent since the profile was written
 * is left out rather than shown as something the person could allow: no task can be handed to it.
 */
final class OfferedDelegates {

    private OfferedDelegates() {}

    /**
     * @param agentClientId the client_id of the agent that asks
     * @param named         the sub-agents its profile names, in the admin's order
     * @param isAgent       whether a client_id names a client of the realm that is an agent now
     * @return the offered ones, in the profile's order
     */
    static Set<String> of(String agentClientId, Set<String> named, Predicate<String> isAgent) {
        Set<String> offered = new LinkedHashSet<>();
        for (String clientId : named) {
            if (!clientId.equals(agentClientId) && isAgent.test(clientId)) {
                offered.add(clientId);
            }
        }
        return Collections.unmodifiableSet(offered);
    }
}
