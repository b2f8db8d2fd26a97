package dev.agentgrant.keycloak.load;

import com.nimbusds.jose.crypto.impl.ECDSA;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The cryptography a task-grant token cannot do without, each operation alone on this thread: the two signature
 * verifications (the presentation's and the DPoP proof's, through Bouncy Castle, Keycloak's crypto provider) of a real
 * presentation and proof of the scenario's key, and the RS256 signature with a 2048-bit key that every token of the
 * realm costs (Keycloak signs with the JDK's provider, {@code SHA256withRSA}). What each operation includes is what
 * Keycloak does per signature: a {@link Signature} instance, its initialisation with the key, the signing input, the
 * signature (for ECDSA, first turned from JWS's r‖s into DER, RFC 7518 §3.4); not the parsing of the JWS or its JWK.
 */
final class CryptoFloor {

    /** A fresh instance, not registered with the JCA: the driver's own signing keeps to the JDK's providers. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    /** About the signing input of an access token (header and claims), for the RS256 signature. */
    private static final int TOKEN_SIGNING_INPUT_BYTES = 600;

    private final Duration time;

    /** @param time how long each operation is repeated unmeasured, then measured */
    CryptoFloor(Duration time) {
        this.time = time;
    }

    /** Verifying the signature of {@code compactJws}, signed by {@code key}, through Bouncy Castle. */
    FloorOperation verification(String name, String stage, AgentKey key, String compactJws) {
        return verification(name, stage, key, compactJws, true);
    }

    /**
     * The same through the JDK's default provider (SunEC), as Keycloak's DPoP check verifies an Ed25519 proof
     * ({@code Signature.getInstance("Ed25519")}): beside the floor, not in it.
     */
    FloorOperation jdkVerification(String name, String stage, AgentKey key, String compactJws) {
        FloorOperation jdk = verification(name, stage, key, compactJws, false);
        return new FloorOperation(name, stage, jdk.clientMicros(), jdk.backendMicros(), false);
    }

    private FloorOperation verification(
            String name, String stage, AgentKey key, String compactJws, boolean bouncyCastle) {
        int lastDot = compactJws.lastIndexOf('.');
        byte[] signingInput = compactJws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        byte[] jwsSignature = Base64.getUrlDecoder().decode(compactJws.substring(lastDot + 1));
        boolean ecdsa = key.jwsAlgorithm().equals("ES256");
        String algorithm = ecdsa ? "SHA256withECDSA" : "Ed25519";
        PublicKey publicKey = bouncyCastle
                ? asBouncyCastleKey(key.keys().pair().getPublic(), ecdsa ? "EC" : "Ed25519")
                : key.keys().pair().getPublic();
        OperationCpu.Operation verify = () -> {
            byte[] signature = ecdsa ? ECDSA.transcodeSignatureToDER(jwsSignature) : jwsSignature;
            Signature verifier =
                    bouncyCastle ? Signature.getInstance(algorithm, BOUNCY_CASTLE) : Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(signingInput);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException(name + ": the signature does not verify");
            }
        };
        return new FloorOperation(name, stage, OperationCpu.micros(time, verify), 0, true);
    }

    /** One RS256 signature with a 2048-bit key, as Keycloak signs a token. */
    FloorOperation rs256Signature(String stage) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair realmKey = generator.generateKeyPair();
            byte[] signingInput = new byte[TOKEN_SIGNING_INPUT_BYTES];
            new SecureRandom().nextBytes(signingInput);
            OperationCpu.Operation sign = () -> {
                Signature signer = Signature.getInstance("SHA256withRSA");
                signer.initSign(realmKey.getPrivate());
                signer.update(signingInput);
                signer.sign();
            };
            return new FloorOperation(
                    "RS256 signature, 2048-bit key (JDK)", stage, OperationCpu.micros(time, sign), 0, true);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as Bouncy Castle's own class, converted once, outside the measurement. */
    private static PublicKey asBouncyCastleKey(PublicKey key, String type) {
        try {
            return KeyFactory.getInstance(type, BOUNCY_CASTLE).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
