package dev.agentgrant.keycloak.grant;

import dev.agentgrant.keycloak.support.Sha256;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The short code a human types or compares on the approval page (RFC 8628 §6.1): eight characters from twenty
 * consonants, shown as {@code BCDF-GHJK}. Without vowels no word can be spelled; without digits nothing is confused
 * with a letter. Eight of twenty letters give 20^8 ≈ 2^34.6 codes — enough because a code lives only as long as
 * its request waits for approval, is single-use, and guessing is rate-limited.
 *
 * <p>Only the SHA-256 of the normalized code is stored, so the database never holds a code that could be typed in.
 */
public final class UserCode {

    /** RFC 8628 §6.1's example character set: upper-case consonants only. */
    static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    static final int LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private UserCode() {}

    /** A fresh code in its displayed form, {@code XXXX-XXXX}. */
    public static String generate() {
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * What a human typed, in the one form codes are compared in: case-insensitive, the dash and blanks optional
     * (RFC 8628 §6.1 asks servers to be lenient about both). Empty when it cannot be a code at all.
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 4 * LENGTH) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '-' || c == ' ') {
                continue;
            }
            // Only ASCII may become a code letter: Character.toUpperCase turns the long s 'ſ' (U+017F) into 'S'.
            char upper = Character.toUpperCase(c);
            if (c > 'z' || ALPHABET.indexOf(upper) < 0 || code.length() == LENGTH) {
                return Optional.empty();
            }
            code.append(upper);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    /** The stored form of a code, whether displayed or typed; empty when it cannot be a code. */
    public static Optional<String> hash(String code) {
        return normalize(code).map(normalized -> Sha256.hex("agent-grant-user-code:" + normalized));
    }

    /** A normalized code in its displayed form. */
    public static String display(String code) {
        String normalized = normalize(code).orElseThrow(() -> new IllegalArgumentException("not a user code"));
        return normalized.substring(0, LENGTH / 2) + "-" + normalized.substring(LENGTH / 2);
    }
}
