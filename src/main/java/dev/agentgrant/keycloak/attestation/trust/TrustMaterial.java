package dev.agentgrant.keycloak.attestation.trust;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the trust material an admin configures on an attestation source — an inline JWKS, inline PEM public keys
 * or certificates, or a SPIFFE trust bundle — into a {@link JWKSet} holding public signature keys only.
 *
 * <p>Every problem is an {@link EvidenceRejected} with reason {@value #INVALID} and a detail for the admin;
 * no unchecked exception escapes. Refused outright: input over {@value #MAX_LENGTH} characters, more than
 * {@value #MAX_KEYS} keys or PEM blocks, private or symmetric keys, RSA keys outside 2048–8192 bits, two keys
 * with the same {@code kid}, and material that leaves no usable signature key. Keys a JWKS may legitimately
 * carry for other purposes (encryption keys, unknown key types, RFC 7517 §5) are left out instead.
 */
public final class TrustMaterial {

    /** The reason code of every rejection raised for trust material that is malformed or refused. */
    public static final String INVALID = "invalid_trust_material";

    /** 256 KiB: far above any real key set (a 100-key RSA-4096 JWKS is about 80 KiB). */
    public static final int MAX_LENGTH = 256 * 1024;

    public static final int MAX_KEYS = 100;

    /** The JSON formats a key set can come in, inline or from a URL. */
    public enum KeySetFormat {
        /** RFC 7517 §5 JWK Set. */
        JWKS,
        /** SPIFFE Trust Domain and Bundle §4: a JWK Set whose keys say which SVID type they authenticate. */
        SPIFFE_BUNDLE
    }

    /** SPIFFE JWT-SVID §6: the {@code use} of a bundle key that signs JWT-SVIDs. */
    static final String JWT_SVID_USE = "jwt-svid";

    private TrustMaterial() {}

    public static JWKSet parse(KeySetFormat format, String json) throws EvidenceRejected {
        return format == KeySetFormat.SPIFFE_BUNDLE ? parseSpiffeBundle(json) : parseJwks(json);
    }

    /** An RFC 7517 JWK Set; only keys for signatures ({@code use} absent or {@code sig}) are kept. */
    public static JWKSet parseJwks(String json) throws EvidenceRejected {
        return fromJwksObject(jsonObject(json, "JWKS"));
    }

    /**
     * A SPIFFE trust bundle. Only keys with {@code "use": "jwt-svid"} are kept (X.509 authorities and unknown
     * uses are ignored, as SPIFFE Trust Domain and Bundle §4.1.3 and §4.2.2 require); they come out with
     * {@code use} = {@code sig}, so JWS verification treats them as ordinary signature keys. Each must carry a
     * {@code kid} (JWT-SVID §6).
     */
    public static JWKSet parseSpiffeBundle(String json) throws EvidenceRejected {
        return fromSpiffeBundleObject(jsonObject(json, "SPIFFE bundle"));
    }

    /** One or more PEM blocks ({@code PUBLIC KEY} or {@code CERTIFICATE}); see {@link PemKeys}. */
    public static JWKSet parsePem(String pem) throws EvidenceRejected {
        checkLength(pem, "PEM");
        return keySet(PemKeys.parse(pem), "PEM");
    }

    static JWKSet fromJwksObject(Map<String, Object> jwks) throws EvidenceRejected {
        List<Object> members = keysMember(jwks, "JWKS");
        List<JWK> keys = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            SignatureKeys.fromJson(members.get(i), i).ifPresent(keys::add);
        }
        return keySet(keys, "JWKS");
    }

    static JWKSet fromSpiffeBundleObject(Map<String, Object> bundle) throws EvidenceRejected {
        List<Object> members = keysMember(bundle, "SPIFFE bundle");
        List<JWK> keys = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Object member = members.get(i);
            if (!(member instanceof Map<?, ?> raw)) {
                throw SignatureKeys.invalid("Key #" + i + " of the SPIFFE bundle is not a JSON object");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            raw.forEach((name, value) -> json.put(String.valueOf(name), value));
            // A private key is refused wherever it appears, even in an entry that would be ignored.
            SignatureKeys.rejectSecrets(json, i);
            if (!JWT_SVID_USE.equals(json.get("use"))) {
                continue;
            }
            // Nimbus reads "jwt-svid" as a custom KeyUse that no signature check accepts: the bundle says what
            // the key is for, and for this extension that is verifying JWS signatures, so it becomes "sig".
            json.put("use", KeyUse.SIGNATURE.identifier());
            Optional<JWK> key = SignatureKeys.fromJson(json, i);
            if (key.isEmpty()) {
                continue;
            }
            if (key.get().getKeyID() == null || key.get().getKeyID().isEmpty()) {
                throw SignatureKeys.invalid("JWT authority #" + i + " of the SPIFFE bundle has no kid (JWT-SVID §6)");
            }
            keys.add(key.get());
        }
        return keySet(keys, "SPIFFE bundle (keys with use 'jwt-svid')");
    }

    static Map<String, Object> jsonObject(String json, String what) throws EvidenceRejected {
        checkLength(json, what);
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            // Nimbus's parser refuses duplicate member names, trailing data and non-object JSON.
            throw SignatureKeys.invalid(what + " is not a JSON object");
        }
    }

    private static void checkLength(String text, String what) throws EvidenceRejected {
        if (text == null || text.isBlank()) {
            throw SignatureKeys.invalid(what + " is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw SignatureKeys.invalid(what + " of " + text.length() + " characters exceeds " + MAX_LENGTH);
        }
    }

    private static List<Object> keysMember(Map<String, Object> jwks, String what) throws EvidenceRejected {
        if (!(jwks.get("keys") instanceof List<?> keys)) {
            throw SignatureKeys.invalid(what + " has no 'keys' array (RFC 7517 §5)");
        }
        if (keys.size() > MAX_KEYS) {
            throw SignatureKeys.invalid(
                    what + " holds " + keys.size() + " keys; at most " + MAX_KEYS + " are accepted");
        }
        return new ArrayList<>(keys);
    }

    private static JWKSet keySet(List<JWK> keys, String what) throws EvidenceRejected {
        if (keys.isEmpty()) {
            throw SignatureKeys.invalid(what + " holds no public key usable for signature verification");
        }
        // Two keys under one kid would let the order of a list decide which key verifies a token.
        Set<String> kids = new HashSet<>();
        for (JWK key : keys) {
            if (key.getKeyID() != null && !kids.add(key.getKeyID())) {
                throw SignatureKeys.invalid(what + " has two keys with kid '" + key.getKeyID() + "'");
            }
        }
        return new JWKSet(keys);
    }
}
