package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The push against a receiver on loopback that answers as each test needs: bounds, headers, no redirects. */
class PushClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private record Request(String method, String contentType, String accept, String authorization, String body) {}

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", exchange -> {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            handler.handle(exchange);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    private static PushClient client() {
        return new PushClient(PushClient.newHttpClient(TIMEOUT), TIMEOUT);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void postsTheSetAsRfc8935Asks() throws IOException {
        URI endpoint = serve(exchange -> answer(exchange, 202, ""));

        PushVerdict verdict = client().push(endpoint, Optional.of("Bearer s3cr3t"), "a.b.c");

        assertThat(verdict).isEqualTo(new PushVerdict.Delivered(202));
        assertThat(requests)
                .containsExactly(
                        new Request("POST", "application/secevent+jwt", "application/json", "Bearer s3cr3t", "a.b.c"));
    }

    @Test
    void withoutAnAuthorizationHeaderNoneIsSent() throws IOException {
        URI endpoint = serve(exchange -> answer(exchange, 202, ""));

        client().push(endpoint, Optional.empty(), "a.b.c");

        assertThat(requests.get(0).authorization()).isNull();
    }

    @Test
    void aRefusalCarriesTheReceiversError() throws IOException {
        URI endpoint = serve(
                exchange -> answer(exchange, 400, "{\"err\":\"invalid_audience\",\"description\":\"not for us\"}"));

        assertThat(client().push(endpoint, Optional.empty(), "a.b.c"))
                .isEqualTo(new PushVerdict.Refused(
                        400, "the receiver refused the SET (HTTP 400: invalid_audience — not for us)"));
    }

    @Test
    void aRedirectIsNotFollowed() throws IOException {
        URI endpoint = serve(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/events")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
                answer(exchange, 307, "");
            }
        });

        assertThat(client().push(endpoint, Optional.empty(), "a.b.c"))
                .isInstanceOfSatisfying(
                        PushVerdict.Failed.class,
                        failed -> assertThat(failed.status()).contains(307));
        assertThat(requests).hasSize(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsAFailure() throws IOException {
        URI endpoint = serve(exchange -> {
            try {
                Thread.sleep(TIMEOUT.multipliedBy(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 202, "");
        });

        long started = System.nanoTime();
        PushVerdict verdict = client().push(endpoint, Optional.empty(), "a.b.c");

        assertThat(verdict).isInstanceOfSatisfying(PushVerdict.Failed.class, failed -> {
            assertThat(failed.status()).isEmpty();
            assertThat(failed.detail()).contains("no answer within 2s");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(2));
    }

    @Test
    void anEndlessErrorBodyIsReadOnlyUpToTheCap() throws IOException {
        URI endpoint = serve(exchange -> {
            exchange.sendResponseHeaders(400, 0);
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(chunk);
                }
            } catch (IOException clientGone) {
                // The client stopped reading, as it should.
            }
        });

        long started = System.nanoTime();
        PushVerdict verdict = client().push(endpoint, Optional.empty(), "a.b.c");

        assertThat(verdict).isEqualTo(new PushVerdict.Refused(400, "the receiver refused the SET (HTTP 400)"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void aSuccessBodyIsNotRead() throws IOException {
        URI endpoint = serve(exchange -> {
            exchange.sendResponseHeaders(202, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(new byte[8192]);
                }
            } catch (IOException clientGone) {
                // Nobody reads it.
            }
        });

        assertThat(client().push(endpoint, Optional.empty(), "a.b.c")).isEqualTo(new PushVerdict.Delivered(202));
    }

    @Test
    void aClosedPortIsAFailureWithoutStatus() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        PushVerdict verdict = client().push(URI.create("http://127.0.0.1:" + port + "/events"), Optional.empty(), "x");

        assertThat(verdict)
                .isInstanceOfSatisfying(
                        PushVerdict.Failed.class,
                        failed -> assertThat(failed.status()).isEmpty());
    }

    @Test
    void aClientThatFollowsRedirectsIsRefused() {
        HttpClient following = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        assertThatThrownBy(() -> new PushClient(following, TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
    }
}
