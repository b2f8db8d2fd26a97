package dev.agentgrant.keycloak.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of a run and what each is for: the task-grant exchange once per type of agent instance key, and the
 * baselines it is judged against — Keycloak's standard token exchange with a DPoP proof (the target baseline: DPoP
 * is part of the task grant), {@code client_credentials}, and the plain standard exchange as a reference.
 */
record ScenarioLineup(
        List<TaskGrantExchangeScenario> taskGrants,
        Scenario standardWithDpop,
        Scenario standard,
        Scenario clientCredentials) {

    /** How many scenarios a run has, before any is built (for the time estimate). */
    static final int SIZE = 5;

    /** Every scenario, in the order the first round runs them. */
    List<Scenario> all() {
        List<Scenario> all = new ArrayList<>(taskGrants);
        all.add(standardWithDpop);
        all.add(standard);
        all.add(clientCredentials);
        return List.copyOf(all);
    }
}
