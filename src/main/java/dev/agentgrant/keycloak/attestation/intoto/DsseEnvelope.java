package dev.agentgrant.keycloak.attestation.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DSSE JSON envelope (DSSE envelope v1.0), parsed but not yet verified:
 * <pre>
 * {"payload": "&lt;base64&gt;", "payloadType": "&lt;type&gt;", "signatures": [{"keyid": "&lt;hint&gt;", "sig": "&lt;base64&gt;"}]}
 * </pre>
 * Rules, from the envelope's "Parsing rules" and this extension's bounds:
 * <ul>
 *   <li>the top level is a JSON object; {@code payload}, {@code payloadType}, {@code signatures} and every
 *       {@code sig} are required strings (an array for {@code signatures}); {@code keyid} is optional and unset
 *       is the same as empty. Other members are ignored, as the envelope specification requires ("Consumers MUST
 *       ignore unrecognized fields") — they are never read, so they cannot change a decision;</li>
 *   <li>base64 is standard or URL-safe (DSSE protocol: verifiers MUST accept either), padding optional, no
 *       whitespace, mixed alphabets or non-zero unused bits;</li>
 *   <li>1 to {@value #MAX_SIGNATURES} signatures, a decoded payload of at most {@value #MAX_PAYLOAD_BYTES}
 *       bytes, signatures of at most {@value #MAX_SIGNATURE_BYTES} bytes (RSA-8192), key ids of at most 256
 *       printable ASCII characters; the whole envelope at most {@value #MAX_LENGTH} characters and
 *       {@value #MAX_DEPTH} levels deep, checked while reading (RFC 8259 §9 limits, so hostile input cannot exhaust the stack or the heap).</li>
 * </ul>
 */
public final class DsseEnvelope {

    public static final int MAX_LENGTH = 131_072;
    public static final int MAX_PAYLOAD_BYTES = 65_536;
    public static final int MAX_SIGNATURES = 16;
    public static final int MAX_SIGNATURE_BYTES = 1_024;
    /** Object → signatures array → signature object is three levels; the rest is room for ignored members. */
    private static final int MAX_DEPTH = 8;

    private static final StrictJson JSON = new StrictJson(MAX_LENGTH, MAX_DEPTH);
    private static final Pattern STANDARD_BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final Pattern URL_SAFE_BASE64 = Pattern.compile("[A-Za-z0-9_-]*={0,2}");
    private static final Pattern KEY_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");

    /** One entry of {@code signatures}. The key id is an unauthenticated hint (DSSE protocol, KEYID). */
    public static final class Signature {
        private final Optional<String> keyId;
        private final byte[] sig;

        Signature(Optional<String> keyId, byte[] sig) {
            this.keyId = keyId;
            this.sig = sig;
        }

        public Optional<String> keyId() {
            return keyId;
        }

        public byte[] sig() {
            return sig.clone();
        }

        byte[] sigBytes() {
            return sig;
        }
    }

    private final String payloadType;
    private final byte[] payload;
    private final List<Signature> signatures;

    private DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
        this.payloadType = payloadType;
        this.payload = payload;
        this.signatures = List.copyOf(signatures);
    }

    public static DsseEnvelope parse(String json) throws EvidenceRejected {
        JsonNode envelope = JSON.parseObject(json, "DSSE envelope");
        String payloadType = requiredString(envelope, "payloadType", "DSSE envelope");
        String encodedPayload = requiredString(envelope, "payload", "DSSE envelope");
        // Refuse before decoding: four base64 characters per three bytes, plus padding.
        if (encodedPayload.length() > (MAX_PAYLOAD_BYTES + 2) / 3 * 4) {
            throw new EvidenceRejected("too_large", "DSSE payload exceeds " + MAX_PAYLOAD_BYTES + " bytes");
        }
        byte[] payload = base64(encodedPayload, "payload");
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new EvidenceRejected("too_large", "DSSE payload exceeds " + MAX_PAYLOAD_BYTES + " bytes");
        }
        JsonNode entries = envelope.get("signatures");
        if (entries == null || !entries.isArray()) {
            throw new EvidenceRejected("malformed", "DSSE envelope has no signatures array");
        }
        if (entries.isEmpty()) {
            throw new EvidenceRejected("no_signatures", "DSSE envelope has an empty signatures array");
        }
        if (entries.size() > MAX_SIGNATURES) {
            throw new EvidenceRejected(
                    "too_many_signatures",
                    "DSSE envelope has " + entries.size() + " signatures, at most " + MAX_SIGNATURES + " are read");
        }
        List<Signature> signatures = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            signatures.add(signature(entry));
        }
        return new DsseEnvelope(payloadType, payload, signatures);
    }

    private static Signature signature(JsonNode entry) throws EvidenceRejected {
        if (!entry.isObject()) {
            throw new EvidenceRejected("malformed", "A DSSE signature is not a JSON object");
        }
        String encodedSig = requiredString(entry, "sig", "DSSE signature");
        if (encodedSig.length() > (MAX_SIGNATURE_BYTES + 2) / 3 * 4) {
            throw new EvidenceRejected("too_large", "DSSE signature exceeds " + MAX_SIGNATURE_BYTES + " bytes");
        }
        byte[] sig = base64(encodedSig, "sig");
        if (sig.length > MAX_SIGNATURE_BYTES) {
            throw new EvidenceRejected("too_large", "DSSE signature exceeds " + MAX_SIGNATURE_BYTES + " bytes");
        }
        JsonNode keyId = entry.get("keyid");
        if (keyId == null
                || keyId.isNull()
                || keyId.isTextual() && keyId.textValue().isEmpty()) {
            return new Signature(Optional.empty(), sig);
        }
        if (!keyId.isTextual() || !KEY_ID.matcher(keyId.textValue()).matches()) {
            throw new EvidenceRejected(
                    "malformed", "DSSE keyid is not a string of up to 256 printable ASCII characters");
        }
        return new Signature(Optional.of(keyId.textValue()), sig);
    }

    private static String requiredString(JsonNode object, String name, String what) throws EvidenceRejected {
        JsonNode value = object.get(name);
        if (value == null || !value.isTextual()) {
            throw new EvidenceRejected("malformed", what + " member '" + name + "' is missing or not a string");
        }
        return value.textValue();
    }

    /**
     * Standard or URL-safe alphabet, never both in one value; '=' padding optional (DSSE protocol). Unused
     * trailing bits must be zero (RFC 4648 §3.5), so one envelope has one text and its hash identifies it.
     */
    private static byte[] base64(String text, String name) throws EvidenceRejected {
        try {
            boolean standard = STANDARD_BASE64.matcher(text).matches();
            if (standard || URL_SAFE_BASE64.matcher(text).matches()) {
                byte[] decoded = (standard ? Base64.getDecoder() : Base64.getUrlDecoder()).decode(text);
                String canonical = (standard ? Base64.getEncoder() : Base64.getUrlEncoder())
                        .withoutPadding()
                        .encodeToString(decoded);
                if (canonical.equals(stripPadding(text))) {
                    return decoded;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through: wrong length or misplaced padding
        }
        throw new EvidenceRejected("malformed", "DSSE " + name + " is not canonical base64");
    }

    private static String stripPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }

    public String payloadType() {
        return payloadType;
    }

    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadBytes() {
        return payload;
    }

    public List<Signature> signatures() {
        return signatures;
    }
}
