package dev.agentgrant.keycloak.attestation.oidc;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Verifies a generic OIDC/JWT workload identity token — GitHub Actions, GitLab CI, cloud instance identity
 * tokens — against one issuer's key set, and maps its claims to facts.
 * <ul>
 *   <li>{@code alg} is an asymmetric algorithm the source accepts; {@code typ}, when present, is {@code JWT}
 *       (explicit typing, RFC 8725 §3.11: an access token or a presentation is not a workload token);</li>
 *   <li>the key comes from the source's key set only, by {@code kid} (required when the set holds more than one key);</li>
 *   <li>{@code iss} is exactly the configured issuer, {@code aud} exactly this realm (RFC 7519 §4.1.1, §4.1.3),
 *       {@code sub} and {@code exp} are required; {@code iat} is optional (see
 *       {@link JwtEvidenceChecks#checkTimes} for how a token without one is bounded), {@code nbf} honoured;</li>
 *   <li>each mapped claim that is present must be a string, an integer or a boolean, and becomes a fact with its
 *       JSON text ({@code "main"} → {@code main}, {@code 42} → {@code 42}, {@code true} → {@code true}); an object or
 *       an array is refused ({@code invalid_claim}), and so is a non-integer number, whose JSON text the parser does
 *       not keep exactly. A missing mapped claim is refused ({@code missing_claim}) when its fact is required and
 *       yields no fact otherwise; a present one with an empty string is a fact with an empty value.</li>
 * </ul>
 * Facts: {@code issuer}, {@code subject}, then the mapped facts in configured order.
 */
public final class WorkloadTokenVerifier {

    /** Asymmetric signatures only (RFC 8725 §3.1): RSA, ECDSA, RSA-PSS and EdDSA (RFC 8037). */
    public static final Set<JWSAlgorithm> SPEC_ALGORITHMS = Stream.concat(
                    JwtEvidenceChecks.RSA_AND_EC_ALGORITHMS.stream(), Stream.of(JWSAlgorithm.EdDSA))
            .collect(Collectors.toUnmodifiableSet());

    /** Evidence JWTs are small; anything larger is refused before decoding. */
    public static final int MAX_LENGTH = 16_384;

    /**
     * @param issuer the token issuer, compared exactly (e.g. {@code https://token.actions.githubusercontent.com})
     * @param keys the issuer's public keys
     * @param audience the one audience a token must name: the realm's issuer
     * @param algorithms the algorithms this source accepts (narrowed to {@link #SPEC_ALGORITHMS})
     * @param maxAge how old a token may be (by {@code iat}; without one, how far ahead its {@code exp} may lie)
     * @param mapping which claims become which facts
     * @param requiredFacts mapped facts whose claims every token must carry; each must be a fact of {@code mapping}
     */
    public record Settings(
            String issuer,
            JWKSet keys,
            String audience,
            Set<JWSAlgorithm> algorithms,
            Duration maxAge,
            ClaimMapping mapping,
            Set<String> requiredFacts) {

        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(requiredFacts, "requiredFacts");
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be a positive duration");
            }
            List<String> unmapped = requiredFacts.stream()
                    .filter(f -> !mapping.factNames().contains(f))
                    .sorted()
                    .toList();
            if (!unmapped.isEmpty()) {
                throw new IllegalArgumentException(
                        "Required facts without a claim mapping: " + String.join(", ", unmapped));
            }
            requiredFacts = Set.copyOf(requiredFacts);
            algorithms = JwtEvidenceChecks.narrow(algorithms, SPEC_ALGORITHMS);
        }
    }

    private final Settings settings;
    private final Clock clock;

    public WorkloadTokenVerifier(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public VerifiedEvidence verify(String source, String token) throws EvidenceRejected {
        StrictJws jws = JwtEvidenceChecks.verifiedJwt(
                token, MAX_LENGTH, settings.algorithms(), settings.keys(), "Workload token");

        Claims claims = new Claims(jws.payload());
        String issuer = claims.requiredString("iss");
        if (!issuer.equals(settings.issuer())) {
            throw new EvidenceRejected(
                    "invalid_issuer", "Workload token iss '" + issuer + "' is not this source's issuer");
        }
        String audience = claims.singleAudience();
        if (!audience.equals(settings.audience())) {
            throw new EvidenceRejected("invalid_audience", "Workload token aud '" + audience + "' is not this realm");
        }
        Instant expiresAt = claims.requiredTime("exp");
        Optional<Instant> issuedAt = Optional.ofNullable(claims.optionalTime("iat"));
        JwtEvidenceChecks.checkTimes(
                clock.instant(),
                expiresAt,
                issuedAt,
                Optional.ofNullable(claims.optionalTime("nbf")),
                settings.maxAge());
        String subject = claims.requiredString("sub");

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("issuer", issuer);
        facts.put("subject", subject);
        for (Map.Entry<String, String> mapped : settings.mapping().paths().entrySet()) {
            String fact = mapped.getKey();
            String path = mapped.getValue();
            Object value = ClaimMapping.lookup(jws.payload(), path);
            if (value == null) {
                if (settings.requiredFacts().contains(fact)) {
                    throw new EvidenceRejected(
                            "missing_claim",
                            "Workload token has no claim '" + path + "' for the required fact '" + fact + "'");
                }
                continue;
            }
            facts.put(fact, scalarText(value, path));
        }
        return new VerifiedEvidence(
                source, facts, issuedAt, Optional.of(expiresAt), JwtEvidenceChecks.confirmationThumbprint(claims));
    }

    /** The JSON text of a scalar claim. Doubles are refused: the parser keeps neither their digits nor big integers' precision. */
    private static String scalarText(Object value, String path) throws EvidenceRejected {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Number) {
            throw new EvidenceRejected(
                    "invalid_claim", "Claim '" + path + "' is not an integer within 64 bits and cannot become a fact");
        }
        throw new EvidenceRejected("invalid_claim", "Claim '" + path + "' is a JSON object or array, not a scalar");
    }
}
