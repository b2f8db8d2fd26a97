package dev.agentgrant.keycloak.grant.admin;

import java.util.Map;
import java.util.Set;

/**
 * What the admin API reads of a client to describe or judge it as an agent, taken from Keycloak's client model by the
 * resource (or assembled for a client about to be created), so that the judging itself needs no Keycloak.
 *
 * @param confidential neither a public nor a bearer-only client: one that authenticates itself (README.md, "Agent
 *                     clients")
 * @param serviceAccount whether the client has a service account, which a task token names as the actor
 *                       (docs/wire-contract.md, "Exchange")
 * @param privilegedRolesInScope administration or account roles in the client's scope, as {@code client/role}
 * @param attributes every client attribute, the {@code agent-grant.*} ones among them
 */
record AgentFacts(
        String clientId,
        String id,
        String name,
        boolean enabled,
        boolean confidential,
        boolean serviceAccount,
        boolean fullScopeAllowed,
        Set<String> privilegedRolesInScope,
        Map<String, String> attributes) {

    AgentFacts {
        privilegedRolesInScope = Set.copyOf(privilegedRolesInScope);
        attributes = Map.copyOf(attributes);
    }

    /** The same client with other attributes. */
    AgentFacts withAttributes(Map<String, String> replaced) {
        return new AgentFacts(
                clientId,
                id,
                name,
                enabled,
                confidential,
                serviceAccount,
                fullScopeAllowed,
                privilegedRolesInScope,
                replaced);
    }
}
