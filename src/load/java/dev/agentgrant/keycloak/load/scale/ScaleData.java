package dev.agentgrant.keycloak.load.scale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * What the bulk loader writes, computed the same way in SQL and here, so the driver can address any loaded grant,
 * person or agent without reading them back: grant {@code n}'s id is base64url(SHA-256("scale-grant-" + n)) (43
 * characters, like {@code GrantIds}), it belongs to agent {@code n % agents} and person {@code (n * 7919) % persons},
 * and its status is fixed by {@code n % 10} (see {@link #status}).
 */
record ScaleData(int grants, int persons, int agents, int audiences, Duration spread) {

    static final String AGENT_PREFIX = "scale-agent-";
    static final String PERSON_PREFIX = "scale-person-";
    static final String AUDIENCE_PREFIX = "scale-audience-";

    /** 40 % approved, 10 % pending (half the grants open, and due once the cleanup phase moves their time), and 10 %
     * each denied, revoked, exhausted, 20 % expired. */
    static String status(long n) {
        return switch ((int) (n % 10)) {
            case 0, 1, 2, 3 -> "APPROVED";
            case 4 -> "PENDING";
            case 5 -> "DENIED";
            case 6, 9 -> "EXPIRED";
            case 7 -> "REVOKED";
            default -> "EXHAUSTED";
        };
    }

    static String grantId(long n) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("scale-grant-" + n).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String agentOf(long n) {
        return AGENT_PREFIX + (n % agents);
    }

    long personOf(long n) {
        return (n * 7919) % persons;
    }

    static String personName(long p) {
        return PERSON_PREFIX + p;
    }

    /** PostgreSQL's md5(text)::uuid of the same text. */
    static String uuidOf(String text) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
            StringBuilder hex = new StringBuilder();
            for (byte b : md5) {
                hex.append(String.format("%02x", b));
            }
            String h = hex.toString();
            return UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                            + h.substring(16, 20) + "-" + h.substring(20))
                    .toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String personId(long p) {
        return uuidOf(personName(p));
    }
}
