package dev.agentgrant.keycloak.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task grant as read from the store: an immutable snapshot, never a managed entity.
 *
 * @param agentId               the agent client's internal id
 * @param agentClientId         the agent's client_id when the grant was requested
 * @param instanceKeyThumbprint RFC 7638 thumbprint of the agent instance key the grant is pinned to
 * @param userId                the approving (or denying) user, once known
 * @param facts                 the requesting workload's verified facts, namespaced by source
 * @param attestationSources    the attestation sources whose evidence the request presented
 * @param approvalExpiresAt     until when the request may be approved
 * @param expiresAt             until when an approved grant may mint tokens
 */
public record TaskGrant(
        String id,
        String realmId,
        String agentId,
        String agentClientId,
        String instanceKeyThumbprint,
        GrantStatus status,
        Optional<String> userId,
        Optional<String> loginHint,
        String purpose,
        String audience,
        Set<String> requestedScopes,
        Optional<Set<String>> approvedScopes,
        String authorizationDetails,
        Duration requestedLifetime,
        Optional<Duration> approvedLifetime,
        int maxUses,
        int uses,
        Map<String, String> facts,
        List<String> attestationSources,
        String policyId,
        String policyVersion,
        String attestationJti,
        Optional<Instant> identityExpiresAt,
        Instant requestedAt,
        Optional<String> requestAddress,
        Instant approvalExpiresAt,
        Optional<Instant> decidedAt,
        Optional<Instant> expiresAt,
        Optional<Instant> authTime,
        Optional<String> acr,
        Optional<String> authMethods,
        Optional<Instant> endedAt,
        Optional<String> endedBy,
        Optional<String> endReason) {

    public TaskGrant {
        requestedScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requestedScopes));
        approvedScopes = approvedScopes.map(s -> Collections.unmodifiableSet(new LinkedHashSet<>(s)));
        facts = Map.copyOf(facts);
        attestationSources = List.copyOf(attestationSources);
    }

    /** Space-separated scope names (RFC 6749 §3.3) as a set, in the order written. */
    public static Set<String> scopes(String scope) {
        if (scope == null || scope.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
    }

    /**
     * The status as it stands at {@code now}: a pending request past its approval window or an approved grant past its
     * lifetime reads as expired even before the store has written that down (expiry is applied lazily and by cleanup).
     */
    public GrantStatus statusAt(Instant now) {
        if (status == GrantStatus.PENDING && !now.isBefore(approvalExpiresAt)) {
            return GrantStatus.EXPIRED;
        }
        if (status == GrantStatus.APPROVED && expiresAt.map(e -> !now.isBefore(e)).orElse(false)) {
            return GrantStatus.EXPIRED;
        }
        return status;
    }

    /** The scopes that count: the approved ones once approved, the requested ones before. */
    public Set<String> effectiveScopes() {
        return approvedScopes.orElse(requestedScopes);
    }
}
