package dev.agentgrant.demo.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The JDK's java.net.http client as the demo tools use it: HTTP/1.1, 30 s timeouts, and no redirects followed, so
 * credentials and tokens go to the URL given and nowhere else. An unreachable server is a {@link ToolFailure}.
 */
public final class Http {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String unreachable;

    /** {@code unreachable} follows "cannot connect to URL" when nothing answers, e.g. " (is Keycloak running?)". */
    public Http(String unreachable) {
        this.unreachable = unreachable;
    }

    public HttpClient client() {
        return client;
    }

    public static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ToolFailure("not a valid URL: " + text);
        }
    }

    /**
     * RFC 9728 §3.1 (and RFC 8414 §3.1): {@code /.well-known/<suffix>} goes between the host and the path of an
     * identifier URL, so for {@code http://localhost:8090/calendar} and {@code oauth-protected-resource} it is
     * {@code http://localhost:8090/.well-known/oauth-protected-resource/calendar}. Query and fragment are dropped.
     */
    public static String wellKnown(String identifier, String suffix) {
        URI uri = uri(identifier);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new ToolFailure("not an absolute URL: " + identifier);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/" + suffix + path;
    }

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT);
    }

    public Answer get(String url) {
        return send(request(url).GET().header("Accept", "application/json").build());
    }

    /** A form POST; {@code headers} are name, value, name, value, … */
    public Answer postForm(String url, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = request(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Forms.body(form)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    // RFC 9110 §11.6.1: several WWW-Authenticate fields are one comma-separated list of challenges.
                    response.headers().allValues("WWW-Authenticate").isEmpty()
                            ? null
                            : String.join(", ", response.headers().allValues("WWW-Authenticate")));
        } catch (ConnectException e) {
            throw new ToolFailure("cannot connect to " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + unreachable);
        } catch (HttpTimeoutException e) {
            throw new ToolFailure("no answer from " + request.uri() + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new ToolFailure(request.method() + " " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted");
        }
    }
}
