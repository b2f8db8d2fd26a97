package dev.agentgrant.keycloak.attestation;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one attestation source established from one evidence item. Fact names are the verifier's own
 * ({@code spiffe_id}, {@code namespace}, …); {@link #namespacedFacts()} prefixes them with the source alias
 * ({@code spire.spiffe_id}), so a loosely mapped claim of one source can never satisfy a rule about another.
 *
 * @param source the attestation source alias that verified the evidence
 * @param facts verified facts, by the verifier's fact name
 * @param issuedAt when the evidence was issued, if it says
 * @param expiresAt when the evidence stops being valid, if it says
 * @param confirmationKeyThumbprint RFC 7638 thumbprint of a key the evidence binds ({@code cnf}), if any
 */
public record VerifiedEvidence(
        String source,
        Map<String, String> facts,
        Optional<Instant> issuedAt,
        Optional<Instant> expiresAt,
        Optional<String> confirmationKeyThumbprint) {

    public VerifiedEvidence {
        facts = Map.copyOf(facts);
    }

    public Map<String, String> namespacedFacts() {
        Map<String, String> namespaced = new TreeMap<>();
        facts.forEach((name, value) -> namespaced.put(source + "." + name, value));
        return namespaced;
    }
}
