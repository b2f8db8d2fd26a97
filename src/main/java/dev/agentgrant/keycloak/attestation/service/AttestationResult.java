package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A presentation that passed: whose it is, the instance key to pin grants to, what the evidence established,
 * which policy version allowed it, and until when the identity evidence holds (a token must not outlive it).
 *
 * @param agentClientId the agent the presentation was verified for
 * @param jti the presentation's single-use id
 * @param instanceKeyThumbprint RFC 7638 SHA-256 thumbprint of the agent instance key
 * @param evidence verified evidence, one per source, in presentation order
 * @param facts all facts, namespaced by source ({@code spire.spiffe_id})
 * @param policyId where the policy came from ({@code client} or a realm policy's name)
 * @param decision the policy decision that allowed it, rule by rule
 * @param identityExpiry the earliest expiry among identity evidence (evidence without expiry: issue time + the
 *                       source's max age); empty when no identity evidence was presented
 */
public record AttestationResult(
        String agentClientId,
        String jti,
        String instanceKeyThumbprint,
        List<VerifiedEvidence> evidence,
        Map<String, String> facts,
        String policyId,
        PolicyDecision decision,
        Optional<Instant> identityExpiry) {

    public AttestationResult {
        evidence = List.copyOf(evidence);
        facts = Map.copyOf(facts);
    }

    public String policyVersion() {
        return decision.policyVersionHash();
    }

    public Instant evaluatedAt() {
        return decision.evaluatedAt();
    }

    public List<String> sources() {
        return evidence.stream().map(VerifiedEvidence::source).toList();
    }
}
