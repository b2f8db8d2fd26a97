package dev.agentgrant.keycloak.attestation.source;

import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A source whose evidence is one JWT verified against the source's key set: SPIFFE JWT-SVIDs, Kubernetes
 * service-account tokens, OIDC workload tokens. All of them identify the workload.
 */
public final class JwtEvidenceSource implements AttestationSource {

    /** The type-specific verification of one token with the current keys and the audience it must name. */
    @FunctionalInterface
    public interface TokenVerifier {
        VerifiedEvidence verify(JWKSet keys, String audience, String token) throws EvidenceRejected;
    }

    /** {@link #verificationInputs()}: the audience the token must name. */
    public static final String AUDIENCE_INPUT = "audience";
    /** {@link #verificationInputs()}: the version of the keys the token is verified with. */
    public static final String TRUST_INPUT = "trust";

    private final String alias;
    private final String configVersion;
    private final Duration maxAge;
    private final TrustAnchors trust;
    private final String audience;
    private final TokenVerifier verifier;

    /**
     * @param audience the one audience tokens must name for this request: the configured one, or the realm's issuer
     *                 as the request sees it
     */
    public JwtEvidenceSource(
            String alias,
            String configVersion,
            Duration maxAge,
            TrustAnchors trust,
            String audience,
            TokenVerifier verifier) {
        this.alias = alias;
        this.configVersion = configVersion;
        this.maxAge = maxAge;
        this.trust = trust;
        this.audience = audience;
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

    /**
     * The audience (it may follow the request's hostname) and the keys (a set fetched by URL changes behind the
     * configuration); issuer, trust domain, algorithms and max age are configuration.
     */
    @Override
    public Map<String, String> verificationInputs() throws EvidenceRejected {
        return Map.of(AUDIENCE_INPUT, audience, TRUST_INPUT, trust.version());
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
    public VerifiedEvidence verify(EvidenceItem item) throws EvidenceRejected {
        if (item.format() != EvidenceItem.Format.JWT) {
            throw new EvidenceRejected(
                    "unsupported_format", "Source " + alias + " takes format jwt, not " + item.format());
        }
        return trust.verifyWithRefresh(keys -> verifier.verify(keys, audience, item.value()));
    }

    @Override
    public Optional<TrustStatus> trustStatus() {
        return Optional.of(trust.status());
    }
}
