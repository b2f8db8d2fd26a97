package dev.agentgrant.demo.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentgrant.demo.client.Json;
import java.io.IOException;
import java.util.Map;

/** {@code GET /.well-known/oauth-protected-resource/calendar}: the API's RFC 9728 metadata (§3.2), to anyone. */
final class MetadataHandler implements HttpHandler {

    private final String path;
    private final String document;

    /** @param path the local path of the metadata: {@link ResourceMetadata#WELL_KNOWN} and the resource's path */
    MetadataHandler(String path, ResourceMetadata metadata) {
        this.path = path;
        this.document = Json.pretty(metadata.document());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                Replies.json(exchange, 404, Json.compact(Map.of("error", "not_found")), "no-store");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                Replies.json(
                        exchange, 405, Json.compact(Map.of("error", "method_not_allowed")), "no-store", "Allow", "GET");
            } else {
                // RFC 9728 §3.2: 200 and application/json. The document changes only when the API restarts.
                Replies.json(exchange, 200, document, "max-age=300");
            }
        }
    }
}
