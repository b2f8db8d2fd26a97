package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The scopes a token may carry: at most what the person approved, within the agent's ceiling as it is now (a ceiling
 * an admin tightened after the approval wins) and within what the person could obtain themselves now. A request
 * naming a scope outside that is refused, not quietly narrowed; a request naming none gets all of it.
 */
public final class ScopeDecision {

    private ScopeDecision() {}

    public static Set<String> granted(
            Optional<Set<String>> requested, Set<String> approved, Set<String> ceiling, Set<String> obtainable)
            throws ExchangeRefusal {
        Set<String> allowed = new LinkedHashSet<>(approved);
        allowed.retainAll(ceiling);
        allowed.retainAll(obtainable);
        if (requested.isPresent()) {
            if (!approved.containsAll(requested.get())) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_SCOPE,
                        "scope_not_approved",
                        "The requested scope is not within the approved scopes");
            }
            if (!allowed.containsAll(requested.get())) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_SCOPE,
                        "scope_no_longer_allowed",
                        "The requested scope is no longer allowed for this agent or person");
            }
            Set<String> granted = new LinkedHashSet<>(allowed);
            granted.retainAll(requested.get());
            return granted;
        }
        if (allowed.isEmpty()) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_SCOPE,
                    "no_scope_left",
                    "None of the approved scopes is still allowed for this agent or person");
        }
        return allowed;
    }
}
