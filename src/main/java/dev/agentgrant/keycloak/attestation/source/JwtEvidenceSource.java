package dev.agentgrant.keycloak.attestation.source;

import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.AttestationRejection;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;

import java.time.Duration;

/**
 * A source whose evidence is one JWT verified against the source's key set: SPIFFE JWT-SVIDs, Kubernetes
 * service-account tokens, OIDC workload tokens. All of them identify the workload.
 */
public final class JwtEvidenceSource implements AttestationSource {

    /** The type-specific verification of one token with the current keys. */
    @FunctionalInterface
    public interface TokenVerifier {
        VerifiedEvidence verify(JWKSet keys, String token) throws AttestationRejection;
    }

    private final String alias;
    private final String configVersion;
    private final Duration maxAge;
    private final TrustAnchors trust;
    private final TokenVerifier verifier;

    public JwtEvidenceSource(String alias, String configVersion, Duration maxAge, TrustAnchors trust, TokenVerifier verifier) {
        this.alias = alias;
        this.configVersion = configVersion;
        this.maxAge = maxAge;
        this.trust = trust;
        this.verifier = verifier;
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public String configVersion() {
        return configVersion;
    }

    @Override
    public Duration maxEvidenceAge() {
        return maxAge;
    }

    @Override
    public boolean identityEvidence() {
        return true;
    }

    @Override
    public VerifiedEvidence verify(EvidenceItem item) throws AttestationRejection {
        if (item.format() != EvidenceItem.Format.JWT) {
            throw new AttestationRejection("unsupported_format", "Source " + alias + " takes format jwt, not " + item.format());
        }
        return trust.verifyWithRefresh(keys -> verifier.verify(keys, item.value()));
    }
}
