package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import dev.agentgrant.keycloak.attestation.presentation.VerifiedPresentation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A presentation that passed every check ({@link AttestationService#verify}); it is used up only by
 * {@link AttestationService#consume}. Whose it is, the instance key to pin grants to, what the evidence established,
 * which policy version allowed it, and until when the identity evidence holds (a token must not outlive it).
 *
 * @param presentation the verified presentation: its issuer is the agent it was verified for
 * @param evidence verified evidence, one per source, in presentation order
 * @param facts all facts, namespaced by source ({@code spire.spiffe_id})
 * @param policyId where the policy came from ({@code client} or a realm policy's name)
 * @param decision the policy decision that allowed it, rule by rule
 * @param identityExpiry the earliest expiry among identity evidence (evidence without expiry: issue time + the
 *                       source's max age); empty when no identity evidence was presented
 */
public record AttestationResult(
        VerifiedPresentation presentation,
        List<VerifiedEvidence> evidence,
        Map<String, String> facts,
        String policyId,
        PolicyDecision decision,
        Optional<Instant> identityExpiry) {

    public AttestationResult {
        evidence = List.copyOf(evidence);
        facts = Map.copyOf(facts);
    }

    /** The agent the presentation was verified for (its {@code iss}). */
    public String agentClientId() {
        return presentation.issuer();
    }

    /** The presentation's single-use id. */
    public String jti() {
        return presentation.jti();
    }

    /** RFC 7638 SHA-256 thumbprint of the agent instance key. */
    public String instanceKeyThumbprint() {
        return presentation.instanceKeyThumbprint();
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
