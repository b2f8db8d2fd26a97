package dev.agentgrant.keycloak.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.keycloak.common.util.SecretGenerator;

/** The CSRF tokens of the extension's forms: random, kept server-side, compared in constant time. */
final class CsrfTokens {

    private CsrfTokens() {}

    static String generate() {
        return SecretGenerator.getInstance().randomString(32);
    }

    /** Whether a sent token is the expected one; a missing token on either side never matches. */
    static boolean matches(String sent, String expected) {
        return sent != null
                && expected != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
