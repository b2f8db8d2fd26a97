package dev.agentgrant.keycloak.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 of a text's UTF-8 bytes, in the two encodings the extension stores and compares. */
public final class Sha256 {

    private Sha256() {}

    /** base64url without padding (RFC 4648 §5), e.g. for version hashes and cache keys. */
    public static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(text));
    }

    /** Lowercase hex, e.g. for database columns. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
