package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds compact JWSs byte by byte for tests, including ones no well-behaved library would produce (raw JSON
 * with duplicate members, DER ECDSA signatures, HMAC with a public key), signed with the JDK.
 */
public final class TestJws {

    private TestJws() {}

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String json(Map<String, ?> members) {
        return JSONObjectUtils.toJSONString(members);
    }

    /** Signs {@code header.payload} (both raw JSON) with {@code key} under the JWS algorithm {@code alg}. */
    public static String sign(String headerJson, String payloadJson, String alg, PrivateKey key) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        return signingInput + "." + b64(signature(alg, key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    public static String sign(Map<String, ?> header, Map<String, ?> payload, PrivateKey key) {
        return sign(json(header), json(payload), (String) header.get("alg"), key);
    }

    /** HS256 with arbitrary key bytes: the key-confusion attack uses the issuer's public key as the secret. */
    public static String hmac(String headerJson, String payloadJson, byte[] secret) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] signature(String alg, PrivateKey key, byte[] input) {
        try {
            switch (alg) {
                case "ES256":
                    return ecdsa("SHA256withECDSA", key, input, 64);
                case "ES384":
                    return ecdsa("SHA384withECDSA", key, input, 96);
                case "ES512":
                    return ecdsa("SHA512withECDSA", key, input, 132);
                case "RS256":
                    return plain("SHA256withRSA", key, input);
                case "PS256": {
                    Signature signature = Signature.getInstance("RSASSA-PSS");
                    signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    signature.initSign(key);
                    signature.update(input);
                    return signature.sign();
                }
                case "EdDSA":
                case "Ed25519":
                    return plain("Ed25519", key, input);
                default:
                    throw new IllegalArgumentException("No test signer for " + alg);
            }
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ECDSA signature as DER, the way Sigstore tools write it, not the JWS r||s form. */
    public static byte[] derEcdsa(PrivateKey key, byte[] input) {
        try {
            return plain("SHA256withECDSA", key, input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ecdsa(String algorithm, PrivateKey key, byte[] input, int length)
            throws GeneralSecurityException, JOSEException {
        return ECDSA.transcodeSignatureToConcat(plain(algorithm, key, input), length);
    }

    private static byte[] plain(String algorithm, PrivateKey key, byte[] input) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(input);
        return signature.sign();
    }
}
