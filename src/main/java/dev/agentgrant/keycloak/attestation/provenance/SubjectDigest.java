package dev.agentgrant.keycloak.attestation.provenance;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The value of a {@code digest-ref} evidence item: {@code <alg>:<lowercase hex>} with an algorithm strong enough
 * for code integrity (in-toto digest set names; md5 and sha1 are refused: in-toto digest_set.md, consumers "MUST only accept algorithms that they consider secure").
 */
public final class SubjectDigest {

    private static final Map<String, Integer> HEX_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private SubjectDigest() {}

    public static String parse(String value) throws EvidenceRejected {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0) {
            throw new EvidenceRejected("invalid_digest", "A digest reference is <alg>:<hex>, e.g. sha256:…");
        }
        String algorithm = value.substring(0, colon);
        String hex = value.substring(colon + 1);
        Integer length = HEX_LENGTHS.get(algorithm);
        if (length == null) {
            throw new EvidenceRejected(
                    "weak_digest", "Digest algorithm " + algorithm + " is not accepted; use sha256, sha384 or sha512");
        }
        if (hex.length() != length || !HEX.matcher(hex).matches()) {
            throw new EvidenceRejected(
                    "invalid_digest", "A " + algorithm + " digest is " + length + " lowercase hex characters");
        }
        return value;
    }
}
