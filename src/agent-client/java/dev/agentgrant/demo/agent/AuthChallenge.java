package dev.agentgrant.demo.agent;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads one auth-param out of a {@code WWW-Authenticate} field value (RFC 9110 §11.6.1): challenges are an auth-scheme
 * and comma-separated {@code name=value} pairs, a value is a token or a quoted-string with {@code \} escapes (§5.6.4),
 * and several challenges may share one field. Parameter names are case-insensitive. Enough to find
 * {@code resource_metadata} (RFC 9728 §5.1) after a resource server's 401; anything it cannot read yields nothing.
 */
final class AuthChallenge {

    private AuthChallenge() {}

    /** The value of the first parameter called {@code name} in any challenge of {@code field}. */
    static Optional<String> parameter(String field, String name) {
        if (field == null) {
            return Optional.empty();
        }
        int i = 0;
        int n = field.length();
        while (i < n) {
            i = skip(field, i, " \t,");
            int start = i;
            while (i < n && isTokenChar(field.charAt(i))) {
                i++;
            }
            if (i == start) {
                // Not a token where one must be (token68 padding, stray quote): nothing more can be read safely.
                return Optional.empty();
            }
            String token = field.substring(start, i);
            int afterSpace = skip(field, i, " \t");
            if (afterSpace < n && field.charAt(afterSpace) == '=') {
                int valueStart = skip(field, afterSpace + 1, " \t");
                StringBuilder value = new StringBuilder();
                if (valueStart < n && field.charAt(valueStart) == '"') {
                    i = valueStart + 1;
                    boolean closed = false;
                    while (i < n) {
                        char c = field.charAt(i++);
                        if (c == '\\' && i < n) {
                            value.append(field.charAt(i++));
                        } else if (c == '"') {
                            closed = true;
                            break;
                        } else {
                            value.append(c);
                        }
                    }
                    if (!closed) {
                        return Optional.empty();
                    }
                } else {
                    i = valueStart;
                    while (i < n && isTokenChar(field.charAt(i))) {
                        value.append(field.charAt(i++));
                    }
                    if (value.length() == 0) {
                        // token68 ("abc==") or an empty value: skip the rest of this item.
                        while (i < n && field.charAt(i) != ',') {
                            i++;
                        }
                        continue;
                    }
                }
                if (token.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return Optional.of(value.toString());
                }
            } else {
                // An auth-scheme: the start of a challenge; its parameters follow.
                i = afterSpace;
            }
        }
        return Optional.empty();
    }

    private static int skip(String text, int from, String characters) {
        int i = from;
        while (i < text.length() && characters.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
