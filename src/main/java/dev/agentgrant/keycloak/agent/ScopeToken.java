package dev.agentgrant.keycloak.agent;

/**
 * The grammar of one scope name, RFC 6749 §3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}, that is
 * printable ASCII without space, double quote and backslash. Client_ids in a ceiling follow the same grammar, since
 * they are written space-separated and compared with the single {@code audience} of a request.
 */
public final class ScopeToken {

    /** Longest scope name or client_id accepted (Keycloak's own column limit for both). */
    public static final int MAX_LENGTH = 255;

    private ScopeToken() {}

    public static boolean isValid(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
