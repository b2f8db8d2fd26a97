package dev.agentgrant.keycloak.grant.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a new pending grant is made of: the validated request, the verified presentation and where it came from.
 *
 * @param approvalTimeout how long the request waits for a human decision
 */
public record NewGrant(
        String realmId,
        String agentId,
        String agentClientId,
        String instanceKeyThumbprint,
        String purpose,
        String audience,
        Set<String> scopes,
        String authorizationDetails,
        Duration lifetime,
        int maxUses,
        Optional<String> loginHint,
        Map<String, String> facts,
        java.util.List<String> attestationSources,
        String policyId,
        String policyVersion,
        String attestationJti,
        Optional<Instant> identityExpiresAt,
        Optional<String> requestAddress,
        Duration approvalTimeout) {
}
