package dev.agentgrant.keycloak.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The role scope an agent client may have. Task tokens never carry roles, but Keycloak's own endpoints authorise a
 * bearer token by the person's roles limited to the scope of the token's {@code azp} client: an agent client with
 * full scope allowed, or with an administration or account role in its scope, would turn any token of it that
 * reached such an endpoint into the person's administration or account access. Task tokens are refused there by
 * construction; this rule is the second wall, so an agent profile with such a scope is unusable until fixed.
 */
public final class AgentRoleScope {

    /** Clients whose roles administer a realm or a person's account. */
    public static final Set<String> PRIVILEGED_CLIENTS = Set.of("realm-management", "account", "broker");

    private AgentRoleScope() {}

    /**
     * @param fullScopeAllowed  the client's "Full scope allowed" switch
     * @param privilegedInScope privileged roles reachable through the client's scope (its own scope mappings and
     *                          those of its client scopes, composites expanded), as {@code client/role}
     * @return one sentence per problem, each with its remedy; empty when the scope is acceptable
     */
    public static List<String> problems(boolean fullScopeAllowed, Collection<String> privilegedInScope) {
        List<String> problems = new ArrayList<>();
        if (fullScopeAllowed) {
            problems.add("fullScopeAllowed: an agent client must not have full scope allowed (Keycloak would let its "
                    + "tokens act with every role of the person); turn it off under Client scopes > dedicated scope > "
                    + "Scope, or set \"fullScopeAllowed\": false");
        }
        if (!privilegedInScope.isEmpty()) {
            problems.add("scope mappings: an agent client must have no administration or account role in its scope; "
                    + "remove " + String.join(", ", new TreeSet<>(privilegedInScope))
                    + " from the client's scope mappings and from its client scopes");
        }
        return problems;
    }
}
