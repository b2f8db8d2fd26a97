package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** Key pairs for tests, generated with the JDK, with their public JWKs. */
public record TestKeys(KeyPair pair, JWK publicJwk) {

    public static TestKeys ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair pair = generator.generateKeyPair();
            Curve jwkCurve = switch (curve) {
                case "secp256r1" -> Curve.P_256;
                case "secp384r1" -> Curve.P_384;
                default -> Curve.P_521;
            };
            return new TestKeys(pair, new ECKey.Builder(jwkCurve, (ECPublicKey) pair.getPublic()).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestKeys p256() {
        return ec("secp256r1");
    }

    public static TestKeys rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            return new TestKeys(pair, new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestKeys ed25519() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new TestKeys(
                    pair, new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawEd25519(pair))).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8032 encoding of a JDK Ed25519 public key: little-endian y, sign of x in the top bit. */
    static byte[] rawEd25519(KeyPair pair) {
        EdECPublicKey key = (EdECPublicKey) pair.getPublic();
        byte[] bigEndian = key.getPoint().getY().toByteArray();
        byte[] encoded = new byte[32];
        for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
            encoded[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (key.getPoint().isXOdd()) {
            encoded[31] |= (byte) 0x80;
        }
        return encoded;
    }
}
