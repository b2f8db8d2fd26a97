package dev.agentgrant.demo.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The demo API's answers: a JSON body with its length, the headers given, and how long it may be cached. */
final class Replies {

    private Replies() {}

    /** {@code headers} are name, value, name, value, …; {@code cacheControl} e.g. {@code no-store}. */
    static void json(HttpExchange exchange, int status, String json, String cacheControl, String... headers)
            throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", cacheControl);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** An answer without a body, e.g. RFC 8935 §2.2's 202 Accepted. */
    static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }
}
