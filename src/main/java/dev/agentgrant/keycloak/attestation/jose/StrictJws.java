package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compact JWS parsed under rules stricter than the JWS specification allows, so that every JWT the extension
 * reads — presentations and evidence alike — is held to the same bar (RFC 8725 §2–3, JSON Web Token Best Current Practices):
 * <ul>
 *   <li>exactly three base64url parts without padding or stray characters (a JWE's five parts are refused);</li>
 *   <li>header and payload are UTF-8 JSON objects without duplicate member names;</li>
 *   <li>only the header parameters {@code alg}, {@code kid}, {@code typ} and the informational {@code x5t},
 *       {@code x5t#S256}: no {@code crit} or {@code b64} (RFC 7797), no {@code cty} (nested JWTs), no key or key
 *       URL in the header ({@code jwk}, {@code jku}, {@code x5c}, {@code x5u}) — trust never comes from the token;</li>
 *   <li>{@code alg} from the caller's allow-list; {@code kid}, when present, short printable ASCII.</li>
 * </ul>
 */
public final class StrictJws {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    /** Characters real issuers use in kids (base64, base64url, hex, UUIDs, URNs); nothing that steers a path or query. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,256}");

    private static final Set<String> ALLOWED_HEADER_PARAMETERS = Set.of("alg", "kid", "typ", "x5t", "x5t#S256");

    private final JWSObject jws;
    private final Map<String, Object> payload;

    private StrictJws(JWSObject jws, Map<String, Object> payload) {
        this.jws = jws;
        this.payload = payload;
    }

    /**
     * @param compact the compact serialization
     * @param maxLength refuse anything longer before decoding it
     * @param algorithms the algorithms this caller accepts (a subset of {@link PublicKeyVerifiers#SUPPORTED})
     */
    public static StrictJws parse(String compact, int maxLength, Set<JWSAlgorithm> algorithms) throws EvidenceRejected {
        if (compact == null || compact.isEmpty()) {
            throw new EvidenceRejected("malformed", "Empty JWS");
        }
        if (compact.length() > maxLength) {
            throw new EvidenceRejected("too_large", "JWS of " + compact.length() + " characters exceeds " + maxLength);
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new EvidenceRejected(
                    "malformed",
                    parts.length == 5
                            ? "A JWE where a JWS is expected"
                            : "A compact JWS has three parts, found " + parts.length);
        }
        for (String part : parts) {
            if (part.isEmpty() || !BASE64URL.matcher(part).matches()) {
                throw new EvidenceRejected("malformed", "JWS part is empty or not unpadded base64url");
            }
        }
        requireUtf8(parts[0], "header");
        requireUtf8(parts[1], "payload");

        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException | RuntimeException e) {
            // Nimbus rejects duplicate member names and non-object JSON here; alg "none" is not a JWS algorithm.
            throw new EvidenceRejected("malformed", "Unparseable JWS: " + e.getMessage());
        }
        checkHeader(jws.getHeader(), algorithms);
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        if (payload == null) {
            throw new EvidenceRejected("malformed", "JWS payload is not a JSON object");
        }
        return new StrictJws(jws, payload);
    }

    private static void checkHeader(JWSHeader header, Set<JWSAlgorithm> algorithms) throws EvidenceRejected {
        for (String name : header.getIncludedParams()) {
            if (!ALLOWED_HEADER_PARAMETERS.contains(name)) {
                throw new EvidenceRejected("forbidden_header", "JWS header parameter '" + name + "' is not accepted");
            }
        }
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (algorithm == null || !algorithms.contains(algorithm) || !PublicKeyVerifiers.SUPPORTED.contains(algorithm)) {
            throw new EvidenceRejected("unsupported_algorithm", "JWS algorithm " + algorithm + " is not accepted");
        }
        String kid = header.getKeyID();
        if (kid != null && (!KID.matcher(kid).matches() || kid.contains(".."))) {
            throw new EvidenceRejected(
                    "malformed", "JWS kid is not 1–256 characters of [A-Za-z0-9._:+/=-] without '..'");
        }
    }

    private static void requireUtf8(String part, String what) throws EvidenceRejected {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new EvidenceRejected("malformed", "JWS " + what + " is not base64url");
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new EvidenceRejected("malformed", "JWS " + what + " is not UTF-8");
        }
    }

    /** True when {@code typ} equals {@code expected}, compared as RFC 7515 §4.1.9 says (case-insensitive, optional "application/"). */
    public boolean hasType(String expected) {
        return typeMatches(
                jws.getHeader().getType() == null
                        ? null
                        : jws.getHeader().getType().getType(),
                expected);
    }

    static boolean typeMatches(String typ, String expected) {
        if (typ == null) {
            return false;
        }
        String normalized = typ.toLowerCase(Locale.ROOT);
        if (normalized.startsWith("application/")) {
            normalized = normalized.substring("application/".length());
        }
        return normalized.equals(expected.toLowerCase(Locale.ROOT));
    }

    /** The raw {@code typ}, or null. */
    public String type() {
        return jws.getHeader().getType() == null
                ? null
                : jws.getHeader().getType().getType();
    }

    public JWSHeader header() {
        return jws.getHeader();
    }

    public JWSAlgorithm algorithm() {
        return jws.getHeader().getAlgorithm();
    }

    public String keyId() {
        return jws.getHeader().getKeyID();
    }

    /** The payload as parsed JSON (values: String, Number, Boolean, List, Map, or null). */
    public Map<String, Object> payload() {
        return payload;
    }

    /** Verifies the signature with {@code key}; any key/algorithm mismatch is a rejection, never an exception. */
    public void verifySignature(JWK key) throws EvidenceRejected {
        JWSVerifier verifier = PublicKeyVerifiers.forKey(key, algorithm());
        boolean valid;
        try {
            valid = jws.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new EvidenceRejected("bad_signature", "JWS signature does not verify with key " + key.getKeyID());
        }
    }
}
