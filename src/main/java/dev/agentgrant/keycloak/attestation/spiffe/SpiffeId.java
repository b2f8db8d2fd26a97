package dev.agentgrant.keycloak.attestation.spiffe;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;

/**
 * A SPIFFE ID parsed under the SPIFFE-ID specification (§2): {@code spiffe://<trust domain><path>}.
 * <ul>
 *   <li>the scheme is exactly {@code spiffe}, lowercase;</li>
 *   <li>the trust domain is 1–255 characters of {@code [a-z0-9._-]} — lowercase only, so no port, no userinfo;</li>
 *   <li>the path is empty or {@code /}-separated segments of {@code [a-zA-Z0-9._-]}, none empty, {@code .} or
 *       {@code ..}, no trailing slash, no percent-encoding, no query or fragment;</li>
 *   <li>the whole ID is at most 2048 bytes.</li>
 * </ul>
 */
public record SpiffeId(String trustDomain, String path) {

    private static final String PREFIX = "spiffe://";
    private static final int MAX_BYTES = 2048;
    private static final int MAX_TRUST_DOMAIN = 255;

    public static SpiffeId parse(String id) throws EvidenceRejected {
        if (id == null || id.isEmpty()) {
            throw invalid("empty SPIFFE ID");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw invalid("SPIFFE ID longer than " + MAX_BYTES + " bytes");
        }
        if (!id.startsWith(PREFIX)) {
            throw invalid("SPIFFE ID must start with " + PREFIX);
        }
        String rest = id.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String trustDomain = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        checkTrustDomain(trustDomain);
        checkPath(path);
        return new SpiffeId(trustDomain, path);
    }

    /** Validates a trust domain name on its own, e.g. from a source's configuration. */
    public static void checkTrustDomain(String trustDomain) throws EvidenceRejected {
        if (trustDomain.isEmpty()) {
            throw invalid("SPIFFE ID has no trust domain");
        }
        if (trustDomain.length() > MAX_TRUST_DOMAIN) {
            throw invalid("trust domain longer than " + MAX_TRUST_DOMAIN + " characters");
        }
        for (int i = 0; i < trustDomain.length(); i++) {
            char c = trustDomain.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!allowed) {
                throw invalid("trust domain character '" + printable(c)
                        + "' is not allowed (lowercase letters, digits, '.', '-', '_')");
            }
        }
    }

    private static void checkPath(String path) throws EvidenceRejected {
        if (path.isEmpty()) {
            return;
        }
        if (path.endsWith("/")) {
            throw invalid("SPIFFE ID path ends with '/'");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid("SPIFFE ID path has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid("SPIFFE ID path has a '" + segment + "' segment");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '-'
                        || c == '_';
                if (!allowed) {
                    throw invalid("SPIFFE ID path character '" + printable(c) + "' is not allowed");
                }
            }
        }
    }

    private static String printable(char c) {
        return c >= 0x21 && c <= 0x7e ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }

    private static EvidenceRejected invalid(String detail) {
        return new EvidenceRejected("invalid_spiffe_id", detail);
    }

    @Override
    public String toString() {
        return PREFIX + trustDomain + path;
    }
}
