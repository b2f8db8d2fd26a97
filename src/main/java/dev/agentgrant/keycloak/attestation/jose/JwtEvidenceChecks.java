package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.support.WireContract;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every issuer-signed JWT evidence shares, whoever issued it (a Kubernetes cluster, a CI system, a cloud):
 * which key of the source's key set verifies it, when it may be accepted, and which key it binds.
 */
public final class JwtEvidenceChecks {

    /**
     * The asymmetric JWS algorithms of RFC 7518 §3.1 with RSA and EC keys (RSASSA-PKCS1-v1_5, ECDSA, RSASSA-PSS): what
     * SPIFFE JWT-SVIDs and Kubernetes service-account tokens may be signed with, and OIDC workload tokens besides EdDSA.
     */
    public static final Set<JWSAlgorithm> RSA_AND_EC_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512);

    /** An RFC 7638 SHA-256 thumbprint, base64url without padding (RFC 9449 §6.1). */
    private static final Pattern SHA256_THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private JwtEvidenceChecks() {}

    /**
     * An issuer-signed evidence JWT, parsed under {@link StrictJws}'s rules and verified: its {@code typ}, when
     * present, is {@code JWT} (RFC 7519 §5.1), and its signature verifies with the source's key for its {@code kid}
     * ({@link #signingKey}).
     *
     * @param what how a rejection names the token, e.g. {@code "Workload token"}
     */
    public static StrictJws verifiedJwt(
            String token, int maxLength, Set<JWSAlgorithm> algorithms, JWKSet keys, String what)
            throws EvidenceRejected {
        StrictJws jws = StrictJws.parse(token, maxLength, algorithms);
        if (jws.type() != null && !jws.hasType("JWT")) {
            throw new EvidenceRejected("invalid_type", what + " typ is " + jws.type() + ", expected JWT");
        }
        jws.verifySignature(signingKey(keys, jws.keyId()));
        return jws;
    }

    /**
     * The key that must verify the token: by {@code kid} from the source's key set only, never from the token
     * (RFC 8725 §3.10). Without a {@code kid} the set must hold exactly one signing key; a {@code kid} that several
     * keys share is refused rather than guessed at. Keys marked {@code use: enc} never verify signatures.
     */
    public static JWK signingKey(JWKSet keys, String kid) throws EvidenceRejected {
        List<JWK> candidates = keys.getKeys().stream()
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .toList();
        if (kid == null) {
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            throw new EvidenceRejected(
                    "unknown_key", "Token has no kid and the source holds " + candidates.size() + " signing keys");
        }
        List<JWK> named =
                candidates.stream().filter(k -> kid.equals(k.getKeyID())).toList();
        if (named.size() != 1) {
            throw new EvidenceRejected(
                    "unknown_key",
                    named.isEmpty()
                            ? "No signing key '" + kid + "' in the source's key set"
                            : named.size() + " signing keys share the kid '" + kid + "'");
        }
        return named.get(0);
    }

    /**
     * The acceptance window, with the one skew allowance of {@link WireContract#CLOCK_SKEW} on every bound
     * (RFC 7519 §4.1.4, §4.1.5, §4.1.6). With an {@code iat}, the token is accepted from its issue time until it
     * is {@code maxAge} old. Without one its age is unknown, so it is accepted only during the last {@code maxAge}
     * before its {@code exp}: either way no token is accepted for longer than {@code maxAge}, and a far-future
     * {@code exp} buys nothing.
     *
     * @param now the current time
     * @param expiresAt {@code exp}
     * @param issuedAt {@code iat}, if the token has one
     * @param notBefore {@code nbf}, if the token has one
     * @param maxAge how old the source lets evidence be
     */
    public static void checkTimes(
            Instant now, Instant expiresAt, Optional<Instant> issuedAt, Optional<Instant> notBefore, Duration maxAge)
            throws EvidenceRejected {
        Duration skew = WireContract.CLOCK_SKEW;
        if (issuedAt.isPresent() && !expiresAt.isAfter(issuedAt.get())) {
            throw new EvidenceRejected(
                    "invalid_claim", "Token exp " + expiresAt + " is not after its iat " + issuedAt.get());
        }
        if (now.isAfter(expiresAt.plus(skew))) {
            throw new EvidenceRejected("expired", "Token expired at " + expiresAt);
        }
        if (notBefore.isPresent() && notBefore.get().isAfter(now.plus(skew))) {
            throw new EvidenceRejected("not_yet_valid", "Token nbf " + notBefore.get() + " lies in the future");
        }
        if (issuedAt.isPresent()) {
            if (issuedAt.get().isAfter(now.plus(skew))) {
                throw new EvidenceRejected("not_yet_valid", "Token iat " + issuedAt.get() + " lies in the future");
            }
            if (issuedAt.get().plus(maxAge).plus(skew).isBefore(now)) {
                throw new EvidenceRejected(
                        "too_old",
                        "Token issued at " + issuedAt.get() + " is older than the source's max age " + maxAge);
            }
        } else if (expiresAt.isAfter(now.plus(maxAge).plus(skew))) {
            throw new EvidenceRejected(
                    "lifetime_too_long",
                    "Token without iat expires at " + expiresAt + ", more than the source's max age " + maxAge
                            + " from now");
        }
    }

    /**
     * The key the token binds (RFC 7800 §3.1), as an RFC 7638 SHA-256 thumbprint: {@code cnf.jkt} (RFC 9449 §6.1)
     * or the thumbprint of the public {@code cnf.jwk} (RFC 7800 §3.2); both present must name the same key. The
     * policy's key-binding rule compares it with the agent instance key. A {@code cnf} naming neither is refused:
     * a binding this extension cannot check must not pass as no binding.
     */
    public static Optional<String> confirmationThumbprint(Claims claims) throws EvidenceRejected {
        if (!claims.has("cnf")) {
            return Optional.empty();
        }
        Map<String, Object> cnf = claims.requiredObject("cnf");
        Optional<String> fromJkt = Optional.empty();
        if (cnf.get("jkt") != null) {
            if (!(cnf.get("jkt") instanceof String jkt)
                    || !SHA256_THUMBPRINT.matcher(jkt).matches()) {
                throw new EvidenceRejected("invalid_claim", "cnf.jkt is not a base64url SHA-256 thumbprint");
            }
            fromJkt = Optional.of(jkt);
        }
        Optional<String> fromJwk = Optional.empty();
        if (cnf.get("jwk") != null) {
            fromJwk = Optional.of(thumbprint(cnf.get("jwk")));
        }
        if (fromJkt.isPresent() && fromJwk.isPresent() && !fromJkt.equals(fromJwk)) {
            throw new EvidenceRejected("invalid_claim", "cnf.jkt and cnf.jwk name different keys");
        }
        if (fromJkt.isEmpty() && fromJwk.isEmpty()) {
            throw new EvidenceRejected("invalid_claim", "cnf has neither jkt nor jwk");
        }
        return fromJkt.isPresent() ? fromJkt : fromJwk;
    }

    private static String thumbprint(Object member) throws EvidenceRejected {
        if (!(member instanceof Map<?, ?> object)) {
            throw new EvidenceRejected("invalid_key", "cnf.jwk is not a JSON object");
        }
        JWK key;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) object;
            key = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new EvidenceRejected("invalid_key", "cnf.jwk is not a JWK");
        }
        if (key.isPrivate()) {
            throw new EvidenceRejected("invalid_key", "cnf.jwk carries private key material");
        }
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException | RuntimeException e) {
            throw new EvidenceRejected("invalid_key", "cnf.jwk has no computable thumbprint");
        }
    }

    /** The algorithms a source asked for that its evidence type allows (an unlisted one is simply not accepted). */
    public static Set<JWSAlgorithm> narrow(Set<JWSAlgorithm> requested, Set<JWSAlgorithm> allowed) {
        Set<JWSAlgorithm> narrowed = new HashSet<>(requested);
        narrowed.retainAll(allowed);
        return Set.copyOf(narrowed);
    }
}
