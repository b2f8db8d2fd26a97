package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentClients;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;

/** What the agents API judges of a client ({@link AgentFacts}), read from Keycloak's model, and its attribute writes. */
final class AgentClientFacts {

    private AgentClientFacts() {}

    static AgentFacts of(ClientModel client) {
        return new AgentFacts(
                client.getClientId(),
                client.getId(),
                client.getName(),
                client.isEnabled(),
                !client.isPublicClient() && !client.isBearerOnly(),
                client.isServiceAccountsEnabled(),
                client.isFullScopeAllowed(),
                AgentClients.privilegedRolesInScope(client),
                attributes(client));
    }

    /** The client a {@code new_client} request would create, before it exists (see {@link AgentClientCreation}). */
    static AgentFacts ofNewClient(AgentWriteRequest request) {
        return new AgentFacts(
                request.clientId().orElse(""),
                "",
                request.name().orElse(null),
                true,
                true,
                true,
                false,
                Set.of(),
                request.resultingAttributes(Map.of(), false));
    }

    /** A client's attributes without the null values Keycloak's model may hold. */
    static Map<String, String> attributes(ClientModel client) {
        Map<String, String> attributes = new HashMap<>();
        client.getAttributes().forEach((name, value) -> {
            if (name != null && value != null) {
                attributes.put(name, value);
            }
        });
        return attributes;
    }

    /** Writes the namespace of {@code resulting} onto the client and removes the namespaced attributes it lacks. */
    static void replaceAgentAttributes(ClientModel client, Map<String, String> resulting) {
        Map<String, String> wanted = AgentView.agentAttributes(resulting);
        for (String present : AgentView.agentAttributes(attributes(client)).keySet()) {
            if (!wanted.containsKey(present)) {
                client.removeAttribute(present);
            }
        }
        wanted.forEach(client::setAttribute);
    }
}
