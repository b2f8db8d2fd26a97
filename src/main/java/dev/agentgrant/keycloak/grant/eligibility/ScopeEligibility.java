package dev.agentgrant.keycloak.grant.eligibility;

import java.util.Collections;
import java.util.Set;

/**
 * Whether a person may hand a scope on to an agent: only what they could obtain themselves (README.md, "Approvals";
 * docs/wire-contract.md, "Human approval"), checked when a person approves and again at every exchange. Mirrors
 * Keycloak's own rule for client scopes in tokens ({@code DefaultClientSessionContext}): a scope without role scope
 * mappings is open to every user; a scope with mappings needs at least one of those roles, composites expanded on
 * both sides. A scope name that is no client scope of the realm cannot be granted at all. {@link PersonScopes} reads
 * the roles from Keycloak.
 */
public final class ScopeEligibility {

    private ScopeEligibility() {}

    /**
     * @param scopeExists      a client scope of that name exists in the realm
     * @param scopeRoleIds     ids of the roles the scope is mapped to, composites expanded
     * @param userRoleIds      ids of the roles the user holds, composites and groups expanded
     */
    public static boolean permitted(boolean scopeExists, Set<String> scopeRoleIds, Set<String> userRoleIds) {
        if (!scopeExists) {
            return false;
        }
        return scopeRoleIds.isEmpty() || !Collections.disjoint(scopeRoleIds, userRoleIds);
    }
}
