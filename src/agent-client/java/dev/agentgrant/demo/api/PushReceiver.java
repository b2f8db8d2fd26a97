package dev.agentgrant.demo.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentgrant.demo.client.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /ssf/events}: the realm pushes Security Event Tokens here (RFC 8935) when a task grant for this API ends
 * or its agent is suspended — the demo realm registers this URL and the expected {@code Authorization} value on the
 * {@code demo-api} client ({@code agent-grant.ssf.push-endpoint}, {@code agent-grant.ssf.authorization-header}). The
 * request must carry that header and {@code Content-Type: application/secevent+jwt} (§2.1); the SET must pass
 * {@link SetVerifier}. Then every cached introspection answer about the grant is dropped ({@link IntrospectionCache}),
 * so the next call with one of its tokens asks Keycloak again, and the answer is {@code 202 Accepted} (§2.2).
 * Otherwise {@code 400} with {@code {"err", "description"}} (§2.3), which tells the realm not to send that SET again.
 * Each delivery is logged with what it did.
 */
final class PushReceiver implements HttpHandler {

    static final String PATH = "/ssf/events";
    static final String MEDIA_TYPE = "application/secevent+jwt";
    /** SETs are small; a larger body is refused before it is read whole. */
    static final int MAX_BODY = 64 * 1024;
    /** How many SET ids are remembered to recognise a repeat: delivery is at least once (docs/wire-contract.md). */
    static final int REMEMBERED = 1_000;

    private final byte[] authorization;
    private final SetVerifier verifier;
    private final IntrospectionCache cache;
    private final PrintStream log;
    /** The ids of the last SETs taken, oldest first. */
    private final Set<String> seen = new LinkedHashSet<>();

    /** @param authorization the whole {@code Authorization} header value the realm sends, e.g. {@code Bearer …} */
    PushReceiver(String authorization, SetVerifier verifier, IntrospectionCache cache, PrintStream log) {
        this.authorization = authorization.getBytes(StandardCharsets.UTF_8);
        this.verifier = verifier;
        this.cache = cache;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                Replies.json(exchange, 404, Json.compact(Map.of("error", "not_found")), "no-store");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                Replies.json(
                        exchange,
                        405,
                        Json.compact(Map.of("error", "method_not_allowed")),
                        "no-store",
                        "Allow",
                        "POST");
                return;
            }
            try {
                receive(exchange);
            } catch (SetRejected rejected) {
                log.println("POST " + PATH + " -> 400 " + rejected.err() + ": " + rejected.description());
                Replies.json(
                        exchange,
                        400,
                        Json.compact(Json.map("err", rejected.err(), "description", rejected.description())),
                        "no-store");
            }
        } catch (RuntimeException e) {
            log.println("POST " + PATH + " -> 500 " + e);
            throw e;
        }
    }

    private void receive(HttpExchange exchange) throws IOException, SetRejected {
        List<String> given = exchange.getRequestHeaders().getOrDefault("Authorization", List.of());
        // RFC 8935 §3: the transmitter authenticates with what the receiver configured; compared in constant time.
        if (given.size() != 1
                || !MessageDigest.isEqual(authorization, given.get(0).getBytes(StandardCharsets.UTF_8))) {
            throw new SetRejected(
                    "authentication_failed",
                    given.isEmpty() ? "no Authorization header" : "the Authorization header is not the configured one");
        }
        List<String> types = exchange.getRequestHeaders().getOrDefault("Content-Type", List.of());
        if (types.size() != 1
                || !types.get(0)
                        .split(";", 2)[0]
                        .strip()
                        .toLowerCase(Locale.ROOT)
                        .equals(MEDIA_TYPE)) {
            throw new SetRejected(
                    "invalid_request", "the Content-Type is not " + MEDIA_TYPE + " (RFC 8935, section 2)");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new SetRejected("invalid_request", "the body is larger than " + MAX_BODY + " bytes");
        }
        SetVerifier.Verified set = verifier.verify(new String(body, StandardCharsets.US_ASCII).strip());
        if (!remember(set.jti())) {
            // The transmitter did not hear the first 202 and sent it again: already done, and 202 again (RFC 8935
            // §2.2).
            log.println("POST " + PATH + " -> 202: SET " + SetVerifier.printable(set.jti()) + " again, already taken");
            Replies.empty(exchange, 202);
            return;
        }
        List<SetVerifier.GrantEvent> events = set.events();
        if (events.isEmpty()) {
            log.println("POST " + PATH + " -> 202: no event this API acts on");
        }
        for (SetVerifier.GrantEvent event : events) {
            int dropped = cache.dropGrant(event.grantId());
            log.println("POST " + PATH + " -> 202 " + event.name() + " of grant "
                    + SetVerifier.printable(event.grantId()) + describe(event) + ": dropped " + dropped
                    + " cached introspection answer" + (dropped == 1 ? "" : "s"));
        }
        Replies.empty(exchange, 202);
    }

    /** False when the SET was taken before; remembers it otherwise, forgetting the oldest beyond {@link #REMEMBERED}. */
    private synchronized boolean remember(String jti) {
        if (!seen.add(jti)) {
            return false;
        }
        if (seen.size() > REMEMBERED) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** What the event says beyond its type: who initiated it and why (CAEP 1.0 §2), or the changed claims. */
    private static String describe(SetVerifier.GrantEvent event) {
        StringBuilder text = new StringBuilder();
        if (event.event().get("initiating_entity") instanceof String entity) {
            text.append("initiated by ").append(SetVerifier.printable(entity));
        }
        if (event.event().get("reason_admin") instanceof Map<?, ?> reason && reason.get("en") instanceof String en) {
            text.append(text.length() == 0 ? "" : ", ").append(SetVerifier.printable(en));
        }
        if (event.event().get("claims") instanceof Map<?, ?> claims) {
            text.append(text.length() == 0 ? "" : ", ").append(SetVerifier.printable(Json.compact(claims)));
        }
        return text.length() == 0 ? "" : " (" + text + ")";
    }
}
