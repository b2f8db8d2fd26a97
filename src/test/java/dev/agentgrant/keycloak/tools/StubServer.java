package dev.agentgrant.keycloak.tools;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for an HTTP server (Keycloak, a resource server) on a loopback port, for testing the programs of
 * {@code tools/} without one: canned replies by {@code "METHOD /path?query"}, 404 for anything else, every request kept.
 */
final class StubServer implements AutoCloseable {

    /** One request as it arrived, and when; header names as the JDK server normalises them (first letter upper case). */
    record Request(String method, String target, Map<String, List<String>> headers, String body, Instant at) {

        /** "METHOD /path?query", the key replies are registered under. */
        String line() {
            return method + " " + target;
        }

        /** The first value of a header, or null. */
        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }

        /** The body as an application/x-www-form-urlencoded form, each name once. */
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                String[] parts = pair.split("=", 2);
                form.put(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    record Reply(int status, String body, Map<String, String> headers) {

        static Reply of(int status, String body) {
            return new Reply(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> replies = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            Request request = new Request(
                    exchange.getRequestMethod(),
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    Instant.now());
            requests.add(request);
            Reply reply = replies.getOrDefault(
                            request.line(), r -> Reply.of(404, "{\"error\":\"not expected by the test\"}"))
                    .apply(request);
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void on(String line, int status, String body) {
        on(line, request -> Reply.of(status, body));
    }

    void on(String line, Function<Request, Reply> reply) {
        replies.put(line, reply);
    }

    List<Request> requests() {
        return requests;
    }

    /** The requests registered under {@code line}, in the order they came. */
    List<Request> requests(String line) {
        return requests.stream().filter(request -> request.line().equals(line)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
