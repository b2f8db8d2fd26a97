package dev.agentgrant.keycloak.grant.store;

import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import java.time.Duration;
import java.util.Optional;

/** What a new pending grant is made of: the agent, its task and terms, and the verified presentation. */
public record NewGrant(
        String realmId, TaskGrant.Agent agent, AgentTask task, Terms terms, TaskGrant.Evidence evidence) {

    /**
     * @param lifetime        how long the grant lasts once approved
     * @param maxUses         how many tokens it may mint
     * @param loginHint       the person expected to approve
     * @param address         where the request came from
     * @param approvalTimeout how long the request waits for a human decision
     */
    public record Terms(
            Duration lifetime,
            int maxUses,
            Optional<String> loginHint,
            Optional<String> address,
            Duration approvalTimeout) {}
}
