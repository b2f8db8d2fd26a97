package dev.agentgrant.keycloak.signal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A resource server's SET receiver (RFC 8935) in the test JVM, on a loopback port: it records every push and answers
 * as the test sets it — 202 Accepted, an error status (a receiver that is down or failing), or 400 with an RFC 8935 §2.3
 * error body.
 */
public final class SetReceiver implements AutoCloseable {

    /** One push as received. */
    public record Push(
            Instant at,
            String method,
            String path,
            String contentType,
            String accept,
            String authorization,
            String body) {}

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private volatile int status = 202;
    private volatile String answer = "";

    private SetReceiver(HttpServer server) {
        this.server = server;
    }

    public static SetReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SetReceiver receiver = new SetReceiver(server);
            server.createContext("/", exchange -> {
                receiver.pushes.add(new Push(
                        Instant.now(),
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Accept"),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] body = receiver.answer.getBytes(StandardCharsets.UTF_8);
                if (body.length > 0) {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                }
                exchange.sendResponseHeaders(receiver.status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint a client registers: {@code http://127.0.0.1:<port>/<path>}. */
    public String endpoint(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    public void accept() {
        answer(202, "");
    }

    public void answer(int status, String body) {
        this.answer = body;
        this.status = status;
    }

    public List<Push> pushes() {
        return new ArrayList<>(pushes);
    }

    /** The pushes to {@code path} whose SET payload satisfies {@code match}, in the order received. */
    public List<Push> pushesTo(String path, Predicate<Push> match) {
        return pushes.stream()
                .filter(push -> push.path().equals("/" + path) && match.test(push))
                .toList();
    }

    /** Waits up to {@code timeout} for a push to {@code path} that satisfies {@code match}. */
    public Optional<Push> await(String path, Predicate<Push> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Push> found = pushesTo(path, match).stream().findFirst();
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Waits up to {@code timeout} until more than {@code seen} pushes to {@code path} satisfy {@code match}. */
    public List<Push> awaitMore(String path, Predicate<Push> match, int seen, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Push> found = pushesTo(path, match);
            if (found.size() > seen) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return pushesTo(path, match);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
