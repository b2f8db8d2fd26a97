package dev.agentgrant.demo.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * DSSE protocol v1: signatures over the pre-authentication encoding, never over the bare payload; ECDSA P-256 with
 * SHA-256 in the ASN.1 DER form the JDK writes, as cosign and OpenSSL do.
 */
final class Dsse {

    private static final String ALGORITHM = "SHA256withECDSA";

    private Dsse() {}

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes. */
    static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] sign(PrivateKey key, String payloadType, byte[] body) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(key);
        signer.update(pae(payloadType, body));
        return signer.sign();
    }

    static boolean verify(PublicKey key, String payloadType, byte[] body, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(key);
        verifier.update(pae(payloadType, body));
        return verifier.verify(signature);
    }
}
