package dev.agentgrant.keycloak.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code application/x-www-form-urlencoded} (a form body or a URL's query), parsed strictly.
 *
 * <p>The steps are those of the WHATWG URL Standard §5.1 "application/x-www-form-urlencoded parsing": split the bytes
 * on {@code &}, skip empty sequences, split each at its first {@code =}, replace {@code +} with a space, percent-decode,
 * then decode as UTF-8. Two steps are stricter than the standard, which repairs what it cannot read: a {@code %} not
 * followed by two hexadecimal digits is refused rather than kept as it is, and bytes that are not well-formed UTF-8
 * (RFC 3629 §3: overlong forms such as {@code %C0%AF}, encoded surrogates such as {@code %ED%A0%80}, stray
 * continuation or invalid bytes such as {@code %FF}) are refused rather than replaced with U+FFFD. A repaired value
 * would be a different value than the client sent, shown or stored as if it had sent it.
 *
 * <p>Every parameter keeps all its values in the order sent, so that a caller can refuse repeated ones (RFC 6749
 * §3.1: "Request and response parameters MUST NOT be included more than once"); {@link #repeated()} names them.
 * The input is bounded ({@value #MAX_PARAMETERS} parameters; the byte limit is the caller's) before anything is
 * decoded.
 */
public final class UrlEncodedForm {

    /** Most parameters one form may carry; the extension's largest request defines thirteen. */
    public static final int MAX_PARAMETERS = 64;

    /** Why a form was refused: {@link #reason()} for events and logs, the message for the client. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Malformed(String reason, String description) {
            super(description, null, false, false);
            this.reason = reason;
        }

        /** A snake_case code: {@code malformed_percent_encoding}, {@code invalid_utf8}, {@code too_large}, … */
        public String reason() {
            return reason;
        }
    }

    private final Map<String, List<String>> parameters;

    private UrlEncodedForm(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** An empty form. */
    public static UrlEncodedForm empty() {
        return new UrlEncodedForm(Map.of());
    }

    /**
     * Parses a form body.
     *
     * @param maxBytes the most bytes the body may have
     */
    public static UrlEncodedForm parse(byte[] body, int maxBytes) throws Malformed {
        return parse(body, maxBytes, "form");
    }

    private static UrlEncodedForm parse(byte[] body, int maxBytes, String what) throws Malformed {
        if (body.length > maxBytes) {
            throw new Malformed("too_large", "The " + what + " is larger than " + maxBytes + " bytes");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end < 0) {
                end = body.length;
            }
            if (end > start) {
                if (++count > MAX_PARAMETERS) {
                    throw new Malformed(
                            "too_many_parameters", "The " + what + " has more than " + MAX_PARAMETERS + " parameters");
                }
                int equals = indexOf(body, (byte) '=', start, end);
                String name = decode(body, start, equals < 0 ? end : equals, what);
                String value = equals < 0 ? "" : decode(body, equals + 1, end, what);
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            start = end + 1;
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        parameters.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
        return new UrlEncodedForm(Collections.unmodifiableMap(frozen));
    }

    /**
     * Parses a URL's query, as it appears in the URL (still percent-encoded; {@code null} for none). A query is the
     * same encoding as a form body (WHATWG URL Standard §6.2, {@code URLSearchParams}).
     */
    public static UrlEncodedForm parseQuery(String rawQuery, int maxBytes) throws Malformed {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return empty();
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            // A URI's query is ASCII (RFC 3986 §3.4); anything else reached here unencoded and is not a query we read.
            if (rawQuery.charAt(i) > 0x7E || rawQuery.charAt(i) < 0x20) {
                throw new Malformed("invalid_query", "The query holds a character that must be percent-encoded");
            }
        }
        return parse(rawQuery.getBytes(StandardCharsets.US_ASCII), maxBytes, "query");
    }

    /** Every parameter with all its values, in the order first sent. */
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    /** The parameters sent more than once, in the order first sent. */
    public Set<String> repeated() {
        Set<String> repeated = new LinkedHashSet<>();
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                repeated.add(name);
            }
        });
        return repeated;
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** {@code +} → space, percent-decoding (two hexadecimal digits required), then strict UTF-8. */
    private static String decode(byte[] bytes, int from, int to, String what) throws Malformed {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                decoded.write(' ');
            } else if (b == '%') {
                int high = i + 1 < to ? hex(bytes[i + 1]) : -1;
                int low = i + 2 < to ? hex(bytes[i + 2]) : -1;
                if (high < 0 || low < 0) {
                    throw new Malformed(
                            "malformed_percent_encoding",
                            "The " + what + " holds a '%' that is not followed by two hexadecimal digits");
                }
                decoded.write(high << 4 | low);
                i += 2;
            } else {
                decoded.write(b);
            }
        }
        try {
            return strictUtf8().decode(ByteBuffer.wrap(decoded.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("invalid_utf8", "The " + what + " holds bytes that are not valid UTF-8");
        }
    }

    /** Whether {@code bytes} are well-formed UTF-8 (RFC 3629 §3), read with the same strict decoder as a form. */
    public static boolean isUtf8(byte[] bytes) {
        try {
            strictUtf8().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
