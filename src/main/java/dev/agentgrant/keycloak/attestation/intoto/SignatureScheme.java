package dev.agentgrant.keycloak.attestation.intoto;

import dev.agentgrant.keycloak.attestation.jose.SignatureProviders;
import dev.agentgrant.keycloak.attestation.jose.SignatureProviders.Family;

/**
 * How a trusted key signs DSSE envelopes. DSSE leaves the algorithm to out-of-band agreement (DSSE protocol,
 * "Sign()"); these are the agreements the extension supports, as Sigstore/cosign and the OpenSSL command line
 * produce them.
 */
public enum SignatureScheme {
    /** ECDSA on P-256 with SHA-256; the signature ASN.1 DER (cosign, {@code openssl dgst -sign}) or raw r‖s. */
    ECDSA_P256_SHA256(Family.ECDSA, "SHA256withECDSA", "SHA256withECDSAinP1363Format", 32),
    /** ECDSA on P-384 with SHA-384; the signature ASN.1 DER or raw r‖s. */
    ECDSA_P384_SHA384(Family.ECDSA, "SHA384withECDSA", "SHA384withECDSAinP1363Format", 48),
    /** Ed25519 (RFC 8032), 64-byte signatures. */
    ED25519(Family.EDDSA, "Ed25519", null, 0),
    /** RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2); the default for RSA keys. */
    RSA_PKCS1_SHA256(Family.RSA, "SHA256withRSA", null, 0),
    /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 8017 §8.1, as in JWS PS256). */
    RSA_PSS_SHA256(Family.RSA, "RSASSA-PSS", null, 0);

    private final Family family;
    private final String jcaName;
    private final String jcaRawName;
    private final int scalarBytes;

    SignatureScheme(Family family, String jcaName, String jcaRawName, int scalarBytes) {
        this.family = family;
        this.jcaName = jcaName;
        this.jcaRawName = jcaRawName;
        this.scalarBytes = scalarBytes;
    }

    /** Which provider verifies it ({@link SignatureProviders}). */
    Family family() {
        return family;
    }

    String jcaName() {
        return jcaName;
    }

    /** The JCA name for fixed-length r‖s ECDSA signatures, or null for other schemes. */
    String jcaRawName() {
        return jcaRawName;
    }

    /** Length of a raw r‖s signature, 0 for other schemes. */
    int rawSignatureLength() {
        return 2 * scalarBytes;
    }
}
