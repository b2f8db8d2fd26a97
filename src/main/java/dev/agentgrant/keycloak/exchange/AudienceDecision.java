package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.Optional;
import java.util.Set;

/**
 * The one audience a token may name: the approved one, still on the agent's ceiling. {@code audience} (RFC 8693 §2.1)
 * may repeat it by client_id and {@code resource} (RFC 8707 §2) by its location, the URI in the grant's
 * {@code agent_task}; anything else is {@code invalid_target}.
 */
public final class AudienceDecision {

    private AudienceDecision() {}

    public static void check(
            String approved, String location, Set<String> ceiling, Optional<String> audience, Optional<String> resource)
            throws ExchangeRefusal {
        if (audience.isPresent() && !audience.get().equals(approved)) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_TARGET, "audience_not_granted", "The requested audience is not the granted one");
        }
        if (resource.isPresent() && !resource.get().equals(location)) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_TARGET, "resource_not_granted", "The requested resource is not the granted one");
        }
        if (!ceiling.contains(approved)) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_TARGET,
                    "audience_no_longer_allowed",
                    "The granted audience is no longer allowed for this agent");
        }
    }
}
