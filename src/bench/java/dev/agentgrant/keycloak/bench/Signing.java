package dev.agentgrant.keycloak.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.agentgrant.keycloak.attestation.intoto.Pae;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints what the benchmark verifies, with the JDK only: key pairs, compact JWSs (RFC 7515 §7.1) and DSSE envelopes
 * (DSSE protocol: a signature over PAE(payloadType, payload)). Used in setup only, never measured.
 */
final class Signing {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Signing() {
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa2048() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code base64url(header) "." base64url(payload)}, the bytes a JWS signature covers. */
    static String signingInput(Map<String, ?> header, Map<String, ?> payload) {
        return base64Url(utf8(json(header))) + "." + base64Url(utf8(json(payload)));
    }

    /** A compact JWS; {@code alg} in the header picks ES256 (r‖s, RFC 7518 §3.4) or RS256. */
    static String jws(Map<String, ?> header, Map<String, ?> payload, PrivateKey key) {
        String input = signingInput(header, payload);
        byte[] message = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = switch ((String) header.get("alg")) {
            case "ES256" -> concatEcdsa(sign("SHA256withECDSA", key, message));
            case "RS256" -> sign("SHA256withRSA", key, message);
            default -> throw new IllegalArgumentException("No signer for " + header.get("alg"));
        };
        return input + "." + base64Url(signature);
    }

    /** A DSSE envelope with one DER ECDSA signature, as cosign writes it. */
    static String dsseEnvelope(String payloadType, byte[] payload, String keyId, PrivateKey key) {
        byte[] signature = sign("SHA256withECDSA", key, Pae.encode(payloadType, payload));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("keyid", keyId);
        entry.put("sig", Base64.getEncoder().encodeToString(signature));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.put("payloadType", payloadType);
        envelope.put("signatures", List.of(entry));
        return json(envelope);
    }

    static byte[] sign(String algorithm, PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concatEcdsa(byte[] der) {
        try {
            return ECDSA.transcodeSignatureToConcat(der, 64);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
