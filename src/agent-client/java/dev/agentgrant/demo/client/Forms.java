package dev.agentgrant.demo.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** application/x-www-form-urlencoded bodies, URL segments and HTTP Basic client authentication. */
public final class Forms {

    private Forms() {}

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** One path segment or query value, percent-encoded (RFC 3986 §2.1); a space is %20, never '+'. */
    public static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    public static String body(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(encode(name))
                .append('=')
                .append(encode(value)));
        return body.toString();
    }

    /** client_secret_basic (RFC 6749 §2.3.1): id and secret form-encoded, then Base64. */
    public static String basic(String id, String secret) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((encode(id) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    }
}
