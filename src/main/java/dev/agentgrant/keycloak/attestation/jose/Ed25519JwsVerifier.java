package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Set;

/**
 * Verifies EdDSA (Ed25519) JWS signatures (RFC 8037 §3.1) through the JCA: the key as the JDK's own Ed25519 key (Java
 * 15+), the signature through {@link SignatureProviders}' choice, so the extension needs neither Google Tink (which
 * Nimbus's Ed25519Verifier requires) nor a particular Bouncy Castle build.
 */
public final class Ed25519JwsVerifier implements JWSVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    private static final int KEY_LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 64;

    private final PublicKey publicKey;
    private final JCAContext jcaContext = new JCAContext();

    public Ed25519JwsVerifier(OctetKeyPair jwk) throws EvidenceRejected {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new EvidenceRejected(
                    "unsupported_key", "OKP key on curve " + jwk.getCurve() + ", only Ed25519 is accepted");
        }
        this.publicKey = SignatureProviders.ownKey(SignatureProviders.Family.EDDSA, toPublicKey(jwk.getDecodedX()));
    }

    /** RFC 8032 §5.1.3: the key is the little-endian y coordinate with the sign of x in the top bit. */
    static PublicKey toPublicKey(byte[] encoded) throws EvidenceRejected {
        if (encoded == null || encoded.length != KEY_LENGTH) {
            throw new EvidenceRejected("invalid_key", "Ed25519 public key must be 32 bytes");
        }
        byte[] littleEndian = encoded.clone();
        boolean xOdd = (littleEndian[KEY_LENGTH - 1] & 0x80) != 0;
        littleEndian[KEY_LENGTH - 1] &= 0x7f;
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = littleEndian[KEY_LENGTH - 1 - i];
        }
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(
                            NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
        } catch (GeneralSecurityException e) {
            throw new EvidenceRejected("invalid_key", "Not an Ed25519 public key: " + e.getMessage());
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new JOSEException("Ed25519 key cannot verify " + header.getAlgorithm());
        }
        byte[] signatureBytes = signature.decode();
        if (signatureBytes.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = SignatureProviders.signature(SignatureProviders.Family.EDDSA, "Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signingInput);
            return verifier.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
