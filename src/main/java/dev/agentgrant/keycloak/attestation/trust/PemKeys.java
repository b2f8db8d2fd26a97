package dev.agentgrant.keycloak.attestation.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public keys from PEM text (RFC 7468): {@code PUBLIC KEY} blocks (SubjectPublicKeyInfo, RFC 7468 §13, what
 * {@code openssl pkey -pubout} writes) and {@code CERTIFICATE} blocks (RFC 7468 §5), of which only the subject
 * public key is used — the certificate is a carrier here, its validity dates and issuer are not checked.
 *
 * <p>Parsed strictly and in one linear pass: only blank lines between blocks (no explanatory text, RFC 7468 §2
 * permits refusing it), strict base64 inside, matching BEGIN/END labels, at most {@value TrustMaterial#MAX_KEYS}
 * blocks. A private key block is refused by its label, before its content is read.
 *
 * <p>PEM carries no key id, so each key gets its RFC 7638 SHA-256 thumbprint as {@code kid}: the same key always
 * has the same id, and a key pasted twice is caught as a duplicate.
 */
final class PemKeys {

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]{1,64})-----");
    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final String PUBLIC_KEY = "PUBLIC KEY";
    private static final String CERTIFICATE = "CERTIFICATE";

    /** RFC 8410 §4: the fixed SubjectPublicKeyInfo prefix of an Ed25519 key, followed by the 32-byte key. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private PemKeys() {}

    static List<JWK> parse(String pem) throws EvidenceRejected {
        List<JWK> keys = new ArrayList<>();
        String[] lines = pem.split("\r\n|\r|\n", -1);
        String label = null;
        StringBuilder body = new StringBuilder();
        int blocks = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (label == null) {
                if (line.isEmpty()) {
                    continue;
                }
                Matcher begin = BEGIN.matcher(line);
                if (!begin.matches()) {
                    throw SignatureKeys.invalid("PEM line " + (n + 1) + " is outside a -----BEGIN …----- block");
                }
                label = begin.group(1);
                checkLabel(label, blocks);
                if (++blocks > TrustMaterial.MAX_KEYS) {
                    throw SignatureKeys.invalid("More than " + TrustMaterial.MAX_KEYS + " PEM blocks");
                }
                body.setLength(0);
                continue;
            }
            Matcher end = END.matcher(line);
            if (end.matches()) {
                if (!end.group(1).equals(label)) {
                    throw SignatureKeys.invalid(
                            "PEM block " + blocks + " begins as " + label + " but ends as " + end.group(1));
                }
                keys.add(toJwk(label, decode(body, blocks), "PEM block " + blocks));
                label = null;
                continue;
            }
            if (!BASE64_LINE.matcher(line).matches()) {
                throw SignatureKeys.invalid("PEM block " + blocks + " has a line that is not base64 (line " + (n + 1)
                        + "); encrypted or annotated PEM is not accepted");
            }
            body.append(line);
        }
        if (label != null) {
            throw SignatureKeys.invalid("PEM block " + blocks + " (" + label + ") has no -----END " + label + "-----");
        }
        if (blocks == 0) {
            throw SignatureKeys.invalid("No PEM block found");
        }
        return keys;
    }

    private static void checkLabel(String label, int previousBlocks) throws EvidenceRejected {
        int block = previousBlocks + 1;
        if (label.contains("PRIVATE KEY")) {
            throw SignatureKeys.invalid(
                    "PEM block " + block + " is a private key (" + label
                            + "); configure the public key only (openssl pkey -pubout) and treat this private key as compromised");
        }
        if (label.equals("RSA PUBLIC KEY")) {
            throw SignatureKeys.invalid("PEM block " + block + " is a PKCS#1 RSA PUBLIC KEY; convert it to a "
                    + "SubjectPublicKeyInfo PUBLIC KEY (openssl rsa -RSAPublicKey_in -pubout)");
        }
        if (!label.equals(PUBLIC_KEY) && !label.equals(CERTIFICATE)) {
            throw SignatureKeys.invalid(
                    "PEM block " + block + " is a " + label + "; accepted: PUBLIC KEY, CERTIFICATE");
        }
    }

    private static byte[] decode(StringBuilder body, int block) throws EvidenceRejected {
        try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            if (der.length == 0) {
                throw SignatureKeys.invalid("PEM block " + block + " is empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw SignatureKeys.invalid("PEM block " + block + " is not valid base64");
        }
    }

    private static JWK toJwk(String label, byte[] der, String where) throws EvidenceRejected {
        PublicKey key = label.equals(CERTIFICATE) ? certificateKey(der, where) : subjectPublicKey(der, where);
        JWK jwk;
        try {
            if (key instanceof RSAPublicKey rsa) {
                jwk = new RSAKey.Builder(rsa).build();
            } else if (key instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) {
                    throw SignatureKeys.invalid(where + " is an EC key on a curve that is not accepted"
                            + " (accepted: P-256, P-384, P-521)");
                }
                jwk = new ECKey.Builder(curve, ec).build();
            } else if (key instanceof EdECPublicKey) {
                jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawEd25519(key.getEncoded(), where)))
                        .build();
            } else {
                throw SignatureKeys.invalid(
                        where + " holds a " + key.getAlgorithm() + " key, which cannot verify signatures here");
            }
            jwk = SignatureKeys.fromPublicKey(jwk, where);
            return withThumbprintKid(jwk);
        } catch (IllegalArgumentException | IllegalStateException | JOSEException e) {
            throw SignatureKeys.invalid(where + " holds an unusable key: " + e.getMessage());
        }
    }

    private static PublicKey certificateKey(byte[] der, String where) throws EvidenceRejected {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw SignatureKeys.invalid(where + " is not a DER X.509 certificate");
        }
    }

    /** SubjectPublicKeyInfo names its algorithm; the JDK's key factories each accept only their own. */
    private static PublicKey subjectPublicKey(byte[] der, String where) throws EvidenceRejected {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // Not this algorithm; try the next one.
            }
        }
        throw SignatureKeys.invalid(where + " is not an RSA, EC or Ed25519 SubjectPublicKeyInfo");
    }

    private static byte[] rawEd25519(byte[] spki, String where) throws EvidenceRejected {
        if (spki.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(
                        spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw SignatureKeys.invalid(where + " is an EdDSA key other than Ed25519");
        }
        return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    }

    private static JWK withThumbprintKid(JWK jwk) throws JOSEException {
        String kid = jwk.computeThumbprint().toString();
        if (jwk instanceof RSAKey rsa) {
            return new RSAKey.Builder(rsa).keyID(kid).build();
        }
        if (jwk instanceof ECKey ec) {
            return new ECKey.Builder(ec).keyID(kid).build();
        }
        return new OctetKeyPair.Builder((OctetKeyPair) jwk).keyID(kid).build();
    }
}
