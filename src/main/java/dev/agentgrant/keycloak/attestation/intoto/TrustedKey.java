package dev.agentgrant.keycloak.attestation.intoto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.SignatureProviders;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One public key an in-toto attestation source trusts to sign DSSE envelopes, with the scheme it signs with.
 * Accepted: EC P-256 and P-384, RSA of 2048–8192 bits, Ed25519 — as a public JWK (RFC 7517; {@code alg}, when
 * present, must fit the key and selects RSA-PSS with {@code PS256}) or as a PEM SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}, RFC 7468 §13, what {@code openssl pkey -pubout} and {@code cosign
 * generate-key-pair} write). No private key material, no encryption keys, no certificates.
 */
public final class TrustedKey {

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 8192;
    private static final int MAX_PEM_LENGTH = 16_384;
    private static final int ED25519_KEY_LENGTH = 32;
    private static final Pattern KEY_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    /** RFC 8410 §4: SubjectPublicKeyInfo of an Ed25519 key, up to the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };
    /** RFC 8017 §9.1 with SHA-256 throughout and a salt as long as the hash, as JWS PS256 (RFC 7518 §3.5). */
    private static final PSSParameterSpec PSS_SHA256 =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private static final Map<Curve, SignatureScheme> EC_SCHEMES = Map.of(
            Curve.P_256, SignatureScheme.ECDSA_P256_SHA256,
            Curve.P_384, SignatureScheme.ECDSA_P384_SHA384);

    private final Optional<String> keyId;
    private final PublicKey publicKey;
    /** The same key as the verifying provider holds it ({@link SignatureProviders#ownKey}), made once. */
    private final PublicKey verifyingKey;

    private final SignatureScheme scheme;

    private TrustedKey(Optional<String> keyId, PublicKey publicKey, SignatureScheme scheme) {
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.verifyingKey = SignatureProviders.ownKey(scheme.family(), publicKey);
        this.scheme = scheme;
    }

    /** A public JWK; its {@code kid}, if any, is the DSSE key id. */
    public static TrustedKey fromJwk(JWK jwk) throws EvidenceRejected {
        if (jwk.isPrivate()) {
            throw new EvidenceRejected("invalid_key", "Key " + jwk.getKeyID() + " contains private key material");
        }
        if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
            throw new EvidenceRejected("invalid_key", "Key " + jwk.getKeyID() + " is an encryption key");
        }
        JWSAlgorithm alg = jwk.getAlgorithm() == null
                ? null
                : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        try {
            if (jwk instanceof ECKey ec) {
                SignatureScheme scheme = EC_SCHEMES.get(ec.getCurve());
                if (scheme == null) {
                    throw new EvidenceRejected(
                            "unsupported_key", "EC key on " + ec.getCurve() + "; accepted: P-256, P-384");
                }
                JWSAlgorithm expected =
                        scheme == SignatureScheme.ECDSA_P256_SHA256 ? JWSAlgorithm.ES256 : JWSAlgorithm.ES384;
                requireAlgorithm(alg, List.of(expected), jwk);
                return of(jwk.getKeyID(), ec.toECPublicKey(), scheme);
            }
            if (jwk instanceof RSAKey rsa) {
                requireAlgorithm(alg, List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256), jwk);
                SignatureScheme scheme = JWSAlgorithm.PS256.equals(alg)
                        ? SignatureScheme.RSA_PSS_SHA256
                        : SignatureScheme.RSA_PKCS1_SHA256;
                return of(jwk.getKeyID(), rsa.toRSAPublicKey(), scheme);
            }
            if (jwk instanceof OctetKeyPair okp) {
                if (!Curve.Ed25519.equals(okp.getCurve())) {
                    throw new EvidenceRejected(
                            "unsupported_key", "OKP key on " + okp.getCurve() + "; accepted: Ed25519");
                }
                requireAlgorithm(alg, List.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519), jwk);
                return of(jwk.getKeyID(), ed25519(okp.getDecodedX()), SignatureScheme.ED25519);
            }
        } catch (JOSEException e) {
            throw new EvidenceRejected("invalid_key", "Unusable " + jwk.getKeyType() + " key: " + e.getMessage());
        }
        throw new EvidenceRejected(
                "unsupported_key", "Key type " + jwk.getKeyType() + " cannot verify DSSE signatures");
    }

    /** A PEM public key signing with its key type's default scheme (PKCS#1 v1.5 for RSA). */
    public static TrustedKey fromPem(String keyId, String pem) throws EvidenceRejected {
        PublicKey key = parsePem(pem);
        return of(keyId, key, defaultScheme(key));
    }

    /** A PEM public key signing with the scheme the source declares (to pick RSA-PSS). */
    public static TrustedKey fromPem(String keyId, String pem, SignatureScheme scheme) throws EvidenceRejected {
        return of(keyId, parsePem(pem), scheme);
    }

    private static TrustedKey of(String keyId, PublicKey key, SignatureScheme scheme) throws EvidenceRejected {
        if (keyId != null && !keyId.isEmpty() && !KEY_ID.matcher(keyId).matches()) {
            throw new EvidenceRejected("invalid_key", "Key id is not up to 256 printable ASCII characters");
        }
        if (scheme != defaultScheme(key)
                && !(scheme == SignatureScheme.RSA_PSS_SHA256 && key instanceof RSAPublicKey)) {
            throw new EvidenceRejected("algorithm_mismatch", key.getAlgorithm() + " key cannot sign with " + scheme);
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new EvidenceRejected(
                        "weak_key", "RSA key of " + bits + " bits; accepted: " + MIN_RSA_BITS + "–" + MAX_RSA_BITS);
            }
        }
        if (key instanceof ECPublicKey ec) {
            try {
                // Nimbus checks the point lies on the named curve.
                new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new EvidenceRejected("invalid_key", "EC public key is not a point on its curve");
            }
        }
        return new TrustedKey(Optional.ofNullable(keyId).filter(id -> !id.isEmpty()), key, scheme);
    }

    private static SignatureScheme defaultScheme(PublicKey key) throws EvidenceRejected {
        if (key instanceof ECPublicKey ec) {
            // Null for a curve the JDK reads but JOSE does not name (secp224r1, brainpool, …).
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            SignatureScheme scheme = curve == null ? null : EC_SCHEMES.get(curve);
            if (scheme != null) {
                return scheme;
            }
            throw new EvidenceRejected("unsupported_key", "EC key on an unsupported curve; accepted: P-256, P-384");
        }
        if (key instanceof RSAPublicKey) {
            return SignatureScheme.RSA_PKCS1_SHA256;
        }
        if (key instanceof EdECPublicKey ed
                && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return SignatureScheme.ED25519;
        }
        throw new EvidenceRejected("unsupported_key", key.getAlgorithm() + " keys cannot verify DSSE signatures");
    }

    private static void requireAlgorithm(JWSAlgorithm alg, List<JWSAlgorithm> allowed, JWK jwk)
            throws EvidenceRejected {
        if (alg != null && !allowed.contains(alg)) {
            throw new EvidenceRejected(
                    "algorithm_mismatch", jwk.getKeyType() + " key declares alg " + alg + "; accepted: " + allowed);
        }
    }

    /**
     * The 32 RFC 8032 key bytes wrapped in their RFC 8410 SubjectPublicKeyInfo and decoded by the JDK, which
     * needs no coordinate arithmetic of ours (and no Google Tink).
     */
    private static PublicKey ed25519(byte[] x) throws EvidenceRejected {
        if (x == null || x.length != ED25519_KEY_LENGTH) {
            throw new EvidenceRejected("invalid_key", "Ed25519 public key must be 32 bytes");
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + ED25519_KEY_LENGTH);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new EvidenceRejected("invalid_key", "Not an Ed25519 public key: " + e.getMessage());
        }
    }

    private static PublicKey parsePem(String pem) throws EvidenceRejected {
        if (pem == null || pem.length() > MAX_PEM_LENGTH) {
            throw new EvidenceRejected(
                    "invalid_key", "PEM key is missing or longer than " + MAX_PEM_LENGTH + " characters");
        }
        String text = pem.strip();
        if (!text.startsWith(PEM_BEGIN)
                || !text.endsWith(PEM_END)
                || text.length() < PEM_BEGIN.length() + PEM_END.length()) {
            throw new EvidenceRejected("unsupported_key", "Only one PEM public key (" + PEM_BEGIN + ") is accepted");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length())
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejected("invalid_key", "PEM key body is not base64 (or holds more than one key)");
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | RuntimeException e) {
                // not this key type; try the next one
            } catch (GeneralSecurityException e) {
                throw new EvidenceRejected("unsupported_key", "The JDK lacks " + algorithm + " keys");
            }
        }
        throw new EvidenceRejected("unsupported_key", "PEM key is not an EC, RSA or Ed25519 SubjectPublicKeyInfo");
    }

    /** Whether {@code signature} is this key's signature of {@code message} under its scheme. */
    boolean verifies(byte[] message, byte[] signature) {
        if (signature.length == 0) {
            return false;
        }
        if (check(scheme.jcaName(), message, signature)) {
            return true;
        }
        // The DSSE reference implementation writes ECDSA as raw r‖s; cosign and OpenSSL write DER.
        return scheme.jcaRawName() != null
                && signature.length == scheme.rawSignatureLength()
                && check(scheme.jcaRawName(), message, signature);
    }

    private boolean check(String algorithm, byte[] message, byte[] signature) {
        try {
            Signature verifier = SignatureProviders.signature(scheme.family(), algorithm);
            if (scheme == SignatureScheme.RSA_PSS_SHA256) {
                verifier.setParameter(PSS_SHA256);
            }
            verifier.initVerify(verifyingKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    boolean sameKeyAs(TrustedKey other) {
        return Arrays.equals(publicKey.getEncoded(), other.publicKey.getEncoded());
    }

    public Optional<String> keyId() {
        return keyId;
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return keyId.orElse("(no key id)") + " " + scheme;
    }
}
