package dev.agentgrant.keycloak.load;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Token requests as {@code application/x-www-form-urlencoded} POSTs with HTTP Basic client authentication. */
public final class FormRequests {

    /** An answer later than this counts as an error, not as a latency. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FormRequests() {}

    public static String body(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** A POST of {@code body}, with extra headers as name/value pairs. */
    public static HttpRequest post(URI endpoint, String authorization, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
