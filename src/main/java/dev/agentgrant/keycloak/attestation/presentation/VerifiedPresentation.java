package dev.agentgrant.keycloak.attestation.presentation;

import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;
import java.util.List;

/**
 * A presentation whose signature, claims and shape have been verified; its evidence is not verified yet (that is
 * the attestation sources' job). {@code instanceKeyThumbprint} is the RFC 7638 SHA-256 thumbprint of the agent
 * instance key, base64url, the value a grant is pinned to (like RFC 9449 §10 {@code dpop_jkt}).
 */
public record VerifiedPresentation(
        String issuer,
        String jti,
        Instant issuedAt,
        Instant expiresAt,
        JWK instanceKey,
        String instanceKeyThumbprint,
        List<EvidenceItem> evidence) {

    public VerifiedPresentation {
        evidence = List.copyOf(evidence);
    }
}
