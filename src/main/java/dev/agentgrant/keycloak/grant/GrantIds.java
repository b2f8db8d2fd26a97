package dev.agentgrant.keycloak.grant;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Grant ids: 256 random bits, base64url without padding (43 characters). The id is what an agent presents as
 * {@code subject_token}, so it must be unguessable (RFC 6749 §10.10); the instance-key pin makes a leaked id
 * alone redeem nothing.
 */
public final class GrantIds {

    public static final int LENGTH = 43;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private GrantIds() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a value can be a grant id at all; anything else is answered without a database lookup. */
    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
