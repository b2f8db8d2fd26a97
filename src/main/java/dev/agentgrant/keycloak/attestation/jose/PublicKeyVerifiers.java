package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a signature verifier for one public JWK and one JWS algorithm, refusing every pairing that is not an
 * asymmetric signature with a key of the right type and strength (RFC 8725 §3.1, §3.2): no {@code none}, no
 * HMAC (so a public key can never be used as an HMAC secret), no RSA below 2048 bits, the EC curve fixed by
 * the algorithm (RFC 7518 §3.4), and no private key material anywhere.
 */
public final class PublicKeyVerifiers {

    /** Every algorithm the extension can verify. Sources and presentations narrow this further. */
    public static final Set<JWSAlgorithm> SUPPORTED = Set.of(
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.EdDSA,
            JWSAlgorithm.Ed25519);

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 8192;

    private static final Map<JWSAlgorithm, Curve> EC_CURVES = Map.of(
            JWSAlgorithm.ES256, Curve.P_256,
            JWSAlgorithm.ES384, Curve.P_384,
            JWSAlgorithm.ES512, Curve.P_521);

    /** Verifiers already built for a key ({@link BuiltVerifiers}): the same keys come back on every request. */
    private static final BuiltVerifiers BUILT = new BuiltVerifiers();

    private PublicKeyVerifiers() {}

    private static EvidenceRejected unusable(JWK jwk, JOSEException e) {
        return new EvidenceRejected("invalid_key", "Unusable " + jwk.getKeyType() + " key: " + e.getMessage());
    }

    public static JWSVerifier forKey(JWK jwk, JWSAlgorithm algorithm) throws EvidenceRejected {
        if (algorithm == null || !SUPPORTED.contains(algorithm)) {
            throw new EvidenceRejected("unsupported_algorithm", "Algorithm " + algorithm + " is not accepted");
        }
        if (jwk.isPrivate()) {
            throw new EvidenceRejected("invalid_key", "Key " + jwk.getKeyID() + " contains private key material");
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(algorithm.getName())) {
            throw new EvidenceRejected(
                    "algorithm_mismatch", "Key is for " + jwk.getAlgorithm() + ", JWS uses " + algorithm);
        }
        if (jwk instanceof ECKey ec) {
            Curve expected = EC_CURVES.get(algorithm);
            if (expected == null || !expected.equals(ec.getCurve())) {
                throw new EvidenceRejected(
                        "algorithm_mismatch", "EC key on " + ec.getCurve() + " cannot verify " + algorithm);
            }
            Optional<Provider> provider = SignatureProviders.of(SignatureProviders.Family.ECDSA);
            return BUILT.get(ec, algorithm, provider, () -> {
                try {
                    // ECKey.toECPublicKey checks the point is on the curve (invalid-curve attacks).
                    ECDSAVerifier verifier = new ECDSAVerifier((ECPublicKey)
                            SignatureProviders.ownKey(SignatureProviders.Family.ECDSA, ec.toECPublicKey()));
                    provider.ifPresent(verifier.getJCAContext()::setProvider);
                    return verifier;
                } catch (JOSEException e) {
                    throw unusable(jwk, e);
                }
            });
        }
        if (jwk instanceof RSAKey rsa) {
            if (!JWSAlgorithm.Family.RSA.contains(algorithm)) {
                throw new EvidenceRejected("algorithm_mismatch", "RSA key cannot verify " + algorithm);
            }
            int bits = rsa.size();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new EvidenceRejected(
                        "weak_key", "RSA key of " + bits + " bits; accepted: " + MIN_RSA_BITS + "–" + MAX_RSA_BITS);
            }
            return BUILT.get(rsa, algorithm, SignatureProviders.of(SignatureProviders.Family.RSA), () -> {
                try {
                    return new RSASSAVerifier(rsa.toRSAPublicKey());
                } catch (JOSEException e) {
                    throw unusable(jwk, e);
                }
            });
        }
        if (jwk instanceof OctetKeyPair okp) {
            if (!JWSAlgorithm.EdDSA.equals(algorithm) && !JWSAlgorithm.Ed25519.equals(algorithm)) {
                throw new EvidenceRejected("algorithm_mismatch", "OKP key cannot verify " + algorithm);
            }
            return BUILT.get(
                    okp,
                    algorithm,
                    SignatureProviders.of(SignatureProviders.Family.EDDSA),
                    () -> new Ed25519JwsVerifier(okp));
        }
        throw new EvidenceRejected("unsupported_key", "Key type " + jwk.getKeyType() + " cannot verify signatures");
    }
}
