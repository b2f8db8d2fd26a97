package dev.agentgrant.keycloak.attestation.spiffe;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.jose.Claims;
import dev.agentgrant.keycloak.attestation.jose.JwtEvidenceChecks;
import dev.agentgrant.keycloak.attestation.jose.StrictJws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a SPIFFE JWT-SVID (SPIFFE JWT-SVID specification §2–§4) against one trust domain's bundle.
 * <ul>
 *   <li>{@code alg} is one of the specification's RS/ES/PS algorithms and one the source accepts; {@code typ},
 *       when present, is {@code JWT} or {@code JOSE};</li>
 *   <li>the key comes from the trust domain's bundle only, by {@code kid} (required when the bundle holds more
 *       than one key), never from the token;</li>
 *   <li>{@code sub} is a valid SPIFFE ID in the configured trust domain; {@code aud} is exactly this realm;
 *       {@code exp} is required; an {@code iat} older than the source's max age is refused.</li>
 * </ul>
 * Facts: {@code spiffe_id}, {@code trust_domain}, {@code path}.
 */
public final class JwtSvidVerifier {

    /** SPIFFE JWT-SVID §3: the algorithms a JWT-SVID may use. */
    public static final Set<JWSAlgorithm> SPEC_ALGORITHMS = JwtEvidenceChecks.RSA_AND_EC_ALGORITHMS;

    /** Evidence JWTs are small; anything larger is refused before decoding. */
    public static final int MAX_LENGTH = 16_384;

    /**
     * @param trustDomain the trust domain whose bundle this is
     * @param bundle the trust domain's JWT authorities
     * @param audience the one audience a JWT-SVID must name: the realm's issuer
     * @param algorithms the algorithms this source accepts (narrowed to {@link #SPEC_ALGORITHMS})
     * @param maxAge how old an SVID may be, by its {@code iat}
     */
    public record Settings(
            String trustDomain, JWKSet bundle, String audience, Set<JWSAlgorithm> algorithms, Duration maxAge) {

        public Settings {
            algorithms = JwtEvidenceChecks.narrow(algorithms, SPEC_ALGORITHMS);
        }
    }

    private final Settings settings;
    private final Clock clock;

    public JwtSvidVerifier(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public VerifiedEvidence verify(String source, String token) throws EvidenceRejected {
        StrictJws jws = StrictJws.parse(token, MAX_LENGTH, settings.algorithms());
        String typ = jws.type();
        if (typ != null && !jws.hasType("JWT") && !jws.hasType("JOSE")) {
            throw new EvidenceRejected("invalid_type", "JWT-SVID typ is " + typ + ", expected JWT or JOSE");
        }
        Claims claims = new Claims(jws.payload());
        SpiffeId id = SpiffeId.parse(claims.requiredString("sub"));
        if (!id.trustDomain().equals(settings.trustDomain())) {
            throw new EvidenceRejected(
                    "wrong_trust_domain",
                    "JWT-SVID for trust domain " + id.trustDomain() + ", this source trusts " + settings.trustDomain());
        }
        String audience = claims.singleAudience();
        if (!audience.equals(settings.audience())) {
            throw new EvidenceRejected("invalid_audience", "JWT-SVID aud '" + audience + "' is not this realm");
        }
        Instant expiresAt = claims.requiredTime("exp");
        Optional<Instant> issuedAt = Optional.ofNullable(claims.optionalTime("iat"));
        JwtEvidenceChecks.checkTimes(
                clock.instant(),
                expiresAt,
                issuedAt,
                Optional.ofNullable(claims.optionalTime("nbf")),
                settings.maxAge());

        jws.verifySignature(JwtEvidenceChecks.signingKey(settings.bundle(), jws.keyId()));

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("spiffe_id", id.toString());
        facts.put("trust_domain", id.trustDomain());
        facts.put("path", id.path());
        return new VerifiedEvidence(
                source, facts, issuedAt, Optional.of(expiresAt), JwtEvidenceChecks.confirmationThumbprint(claims));
    }
}
