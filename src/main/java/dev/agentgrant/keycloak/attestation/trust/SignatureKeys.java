package dev.agentgrant.keycloak.attestation.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, key by key, whether a JWK can be trusted to verify signatures. Two outcomes besides acceptance:
 * <ul>
 *   <li><b>refused</b> (the whole trust material is rejected): private key material, a symmetric key, an RSA
 *       modulus outside 2048–8192 bits, a member of the wrong JSON type. These reveal a misconfiguration or a
 *       leak that an admin must see, never something to paper over;</li>
 *   <li><b>ignored</b> (the key is left out): a key type not understood, as RFC 7517 §5 asks; a key meant for
 *       something other than signatures ({@code use} other than {@code sig}, {@code key_ops} without
 *       {@code verify}, RFC 7517 §4.2–4.3); a curve the extension cannot verify with.</li>
 * </ul>
 */
final class SignatureKeys {

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;

    /** RFC 7518 §6.2.2, §6.3.2 and RFC 8037 §2: the members that carry private or secret key material. */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private static final Set<String> UNDERSTOOD_KEY_TYPES =
            Set.of(KeyType.EC.getValue(), KeyType.RSA.getValue(), KeyType.OKP.getValue());

    private static final Set<Curve> EC_CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    private SignatureKeys() {}

    /**
     * @param member the raw JSON member of a {@code keys} array
     * @param position its index, for the admin's message
     * @return the public key, or empty when RFC 7517 says to ignore it
     */
    static Optional<JWK> fromJson(Object member, int position) throws EvidenceRejected {
        if (!(member instanceof Map<?, ?> raw)) {
            throw invalid("Key #" + position + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) raw;
        rejectSecrets(json, position);
        if (!(json.get("kty") instanceof String kty)) {
            throw invalid("Key #" + position + " has no string 'kty'");
        }
        if (!UNDERSTOOD_KEY_TYPES.contains(kty)) {
            return Optional.empty();
        }
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw invalid("Key #" + position + " is not a valid JWK: " + e.getMessage());
        }
        if (!isForSignatures(jwk)) {
            return Optional.empty();
        }
        return checked(jwk, "Key #" + position);
    }

    /**
     * Checks a key read from elsewhere (a PEM block). Unlike a JWKS member, nothing here is ignored: the admin
     * pasted this one key, so a key the extension cannot use is an error, not something to skip quietly.
     */
    static JWK fromPublicKey(JWK jwk, String where) throws EvidenceRejected {
        return checked(jwk, where)
                .orElseThrow(() -> invalid(where + " is a " + describe(jwk)
                        + " key, which cannot verify signatures here (accepted: RSA, EC P-256/P-384/P-521, Ed25519)"));
    }

    private static Optional<JWK> checked(JWK jwk, String where) throws EvidenceRejected {
        if (jwk.isPrivate()) {
            throw invalid(where + " contains private key material");
        }
        if (jwk instanceof RSAKey rsa) {
            int bits;
            try {
                bits = rsa.toRSAPublicKey().getModulus().bitLength();
            } catch (JOSEException | RuntimeException e) {
                throw invalid(where + " is not a usable RSA key: " + e.getMessage());
            }
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw invalid(
                        where + " is an RSA key of " + bits + " bits; accepted: " + MIN_RSA_BITS + "–" + MAX_RSA_BITS);
            }
            return Optional.of(rsa.toPublicJWK());
        }
        if (jwk instanceof ECKey ec) {
            // Nimbus refuses a point that is not on the named curve when it builds the ECKey.
            return EC_CURVES.contains(ec.getCurve()) ? Optional.of(ec.toPublicJWK()) : Optional.empty();
        }
        if (jwk instanceof OctetKeyPair okp) {
            // X25519 is for key agreement and Ed448 has no verifier here (RFC 8037 §3.1, §3.2).
            return Curve.Ed25519.equals(okp.getCurve()) ? Optional.of(okp.toPublicJWK()) : Optional.empty();
        }
        return Optional.empty();
    }

    static void rejectSecrets(Map<String, Object> json, int position) throws EvidenceRejected {
        if (KeyType.OCT.getValue().equals(json.get("kty"))) {
            throw invalid(
                    "Key #" + position + " is a symmetric (kty 'oct') key; trust material holds public keys only");
        }
        for (String member : PRIVATE_MEMBERS) {
            if (json.containsKey(member)) {
                throw invalid("Key #" + position + " contains private key material (member '" + member
                        + "'); publish the public key only and treat this private key as compromised");
            }
        }
    }

    private static boolean isForSignatures(JWK jwk) {
        KeyUse use = jwk.getKeyUse();
        if (use != null && !KeyUse.SIGNATURE.equals(use)) {
            return false;
        }
        Set<KeyOperation> operations = jwk.getKeyOperations();
        return operations == null || operations.contains(KeyOperation.VERIFY);
    }

    private static String describe(JWK jwk) {
        if (jwk instanceof ECKey ec) {
            return "EC " + ec.getCurve();
        }
        if (jwk instanceof OctetKeyPair okp) {
            return "OKP " + okp.getCurve();
        }
        return jwk.getKeyType().getValue();
    }

    static EvidenceRejected invalid(String detail) {
        return new EvidenceRejected(TrustMaterial.INVALID, detail);
    }
}
