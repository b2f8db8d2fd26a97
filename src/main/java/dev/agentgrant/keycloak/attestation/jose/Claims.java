package dev.agentgrant.keycloak.attestation.jose;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Typed, strict reads of JWT claims from a parsed payload: a claim of the wrong JSON type is a rejection. */
public final class Claims {

    private final Map<String, Object> payload;

    public Claims(Map<String, Object> payload) {
        this.payload = payload;
    }

    public boolean has(String name) {
        return payload.containsKey(name) && payload.get(name) != null;
    }

    public String requiredString(String name) throws EvidenceRejected {
        Object value = payload.get(name);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new EvidenceRejected("invalid_claim", "Claim '" + name + "' must be a non-empty string");
        }
        return text;
    }

    /** A NumericDate (RFC 7519 §2): seconds since the epoch, as a JSON number. */
    public Instant requiredTime(String name) throws EvidenceRejected {
        Instant time = optionalTime(name);
        if (time == null) {
            throw new EvidenceRejected("invalid_claim", "Claim '" + name + "' is required");
        }
        return time;
    }

    public Instant optionalTime(String name) throws EvidenceRejected {
        Object value = payload.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new EvidenceRejected("invalid_claim", "Claim '" + name + "' must be a number of seconds");
        }
        double seconds = number.doubleValue();
        // Bounded so Instant arithmetic cannot overflow; year 9999 is far past any sane expiry.
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > 253_402_300_799d) {
            throw new EvidenceRejected("invalid_claim", "Claim '" + name + "' is out of range");
        }
        return Instant.ofEpochSecond((long) seconds);
    }

    /**
     * The single audience: a string, or an array holding exactly one string (RFC 7519 §4.1.3). Several audiences
     * are refused: evidence or a presentation meant for several parties could be replayed at any of them.
     */
    public String singleAudience() throws EvidenceRejected {
        Object value = payload.get("aud");
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        if (value instanceof List<?> list
                && list.size() == 1
                && list.get(0) instanceof String text
                && !text.isEmpty()) {
            return text;
        }
        throw new EvidenceRejected(
                "invalid_audience",
                value == null ? "Claim 'aud' is required" : "Claim 'aud' must name exactly one audience");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> requiredObject(String name) throws EvidenceRejected {
        Object value = payload.get(name);
        if (!(value instanceof Map<?, ?>)) {
            throw new EvidenceRejected("invalid_claim", "Claim '" + name + "' must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    public List<?> optionalArray(String name) throws EvidenceRejected {
        Object value = payload.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new EvidenceRejected("invalid_claim", "Claim '" + name + "' must be a JSON array");
        }
        return list;
    }
}
