package dev.agentgrant.keycloak.attestation.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the realm knows about the agent itself, as values a policy may compare evidence with (for instance
 * {@code "same": [["spire.spiffe_id", "agent.spiffe_id"]]}: the attested SPIFFE ID is the one registered for this
 * client, docs/attestation.md "Policies"). The names live in the reserved {@code agent.} namespace, which no attestation
 * source can claim.
 */
public final class AgentContext {

    /** The namespace of agent context values; an attestation source may not use it as its alias. */
    public static final String NAMESPACE = "agent";

    /** The agent's client_id. */
    public static final String CLIENT_ID = NAMESPACE + ".client_id";

    /** The SPIFFE ID registered for the agent in its profile, if any. */
    public static final String SPIFFE_ID = NAMESPACE + ".spiffe_id";

    /** The names a policy may reference; any other {@code agent.} name is a configuration error. */
    public static final Set<String> NAMES = Set.of(CLIENT_ID, SPIFFE_ID);

    private AgentContext() {}

    /**
     * The context map {@link PolicyEvaluator#evaluate} takes.
     *
     * @param clientId the agent's client_id
     * @param registeredSpiffeId the SPIFFE ID registered for the agent, or {@code null} when it has none
     */
    public static Map<String, String> of(String clientId, String registeredSpiffeId) {
        Map<String, String> context = new LinkedHashMap<>();
        if (clientId != null) {
            context.put(CLIENT_ID, clientId);
        }
        if (registeredSpiffeId != null) {
            context.put(SPIFFE_ID, registeredSpiffeId);
        }
        return Map.copyOf(context);
    }
}
