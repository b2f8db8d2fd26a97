package dev.agentgrant.keycloak.attestation.service;

import java.util.Objects;
import java.util.Optional;

/**
 * The agent as attestation sees it, given by the caller that owns where an agent's settings live (the agent
 * profile's client attributes): attestation reads no client attributes itself.
 *
 * @param clientId the agent's client_id: the presentation's {@code iss}, and {@code agent.client_id} for policies
 * @param policy the agent's attestation policy as set: policy JSON or the name of a realm policy; empty when unset
 * @param policySetting where an admin sets the policy, named when an agent without one is refused
 * @param spiffeId the SPIFFE ID registered for the agent, {@code agent.spiffe_id} for policies; empty when unset
 */
public record AgentIdentity(String clientId, Optional<String> policy, String policySetting, Optional<String> spiffeId) {

    public AgentIdentity {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(policySetting, "policySetting");
        Objects.requireNonNull(spiffeId, "spiffeId");
    }
}
