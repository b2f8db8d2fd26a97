package dev.agentgrant.demo.api;

import com.sun.net.httpserver.HttpServer;
import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Http;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The demo's resource server {@code demo-api}:
 * <pre>
 * java -jar target/agent-grant-demo-tools.jar api [--port 8090] [--url http://localhost:8080] [--realm agent-grant-demo]
 * </pre>
 * It serves {@code GET /calendar} to callers holding a DPoP-bound access token (RFC 9449) for {@code demo-api} with
 * the scope {@code calendar.read}, and answers with what the token says: the person ({@code sub}), the agent acting
 * for them ({@code act}, RFC 8693 §4.1), the scopes, the task grant and the attestation Keycloak verified. Its OAuth
 * 2.0 Protected Resource Metadata (RFC 9728) names the realm as its authorization server, and every challenge points
 * to it, so an agent that knows only the API's URL finds where to ask for a token.
 *
 * <p>Introspection answers for task tokens are kept a short while ({@link IntrospectionCache}), and the realm pushes a
 * Security Event Token to {@code POST /ssf/events} ({@link PushReceiver}, RFC 8935) when a grant ends or its agent is
 * suspended, which drops them at once: few calls to Keycloak, and still no token of a revoked grant accepted.
 *
 * <p>It checks the DPoP proof itself (RFC 9449 §4.3 and §7.1), then asks Keycloak about the token through token
 * introspection (RFC 7662) with {@code demo-api}'s client credentials rather than only checking its signature
 * against the realm's keys: introspection also sees a token whose grant was revoked. Every claim comes from that
 * answer (RFC 7662 §2.2), never from the token's own payload. See docs/walkthrough.md.
 */
public final class DemoApi {

    /** What {@link #run} returns while the server keeps serving (the JVM lives on in its threads). */
    public static final int RUNNING = -1;

    private DemoApi() {}

    /** Starts serving and returns {@link #RUNNING}, or an exit code: 1 Keycloak cannot be read, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = ApiOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("demo-api: " + e.getMessage());
            err.print(ApiOptions.usage());
            return 2;
        }
        if (options.containsKey("help")) {
            out.print(ApiOptions.usage());
            return 0;
        }
        int port = ApiOptions.port(options);
        if (port < 0) {
            err.println("demo-api: --port must be a port number (0: any free port)");
            return 2;
        }
        int cacheSeconds = ApiOptions.introspectionCache(options);
        if (cacheSeconds < 0) {
            err.println("demo-api: --introspection-cache must be a number of seconds, 0-"
                    + ApiOptions.INTROSPECTION_CACHE_MAX);
            return 2;
        }
        String pushAuthorization = options.getOrDefault("push-authorization", ApiOptions.PUSH_AUTHORIZATION);
        if (pushAuthorization.isBlank() || !pushAuthorization.matches("[\\x20-\\x7e]+")) {
            err.println("demo-api: --push-authorization must be a header value of printable ASCII characters");
            return 2;
        }
        String keycloak = options.getOrDefault("url", "http://localhost:8080").replaceAll("/+$", "");
        String client = options.getOrDefault("client", "demo-api");
        Http http = new Http(" (is Keycloak running?)");
        String discoveryUrl = keycloak + "/realms/" + Forms.segment(options.getOrDefault("realm", "agent-grant-demo"))
                + "/.well-known/openid-configuration";
        Introspection introspection;
        RealmKeys realmKeys;
        try {
            Answer answer = http.get(discoveryUrl);
            if (answer.status() != 200) {
                throw new ToolFailure("reading " + discoveryUrl + " failed: GET " + discoveryUrl + " answered HTTP "
                        + answer.status());
            }
            Map<String, Object> discovery = Json.object(Json.parse(answer.body()), "the OpenID Provider metadata");
            introspection = new Introspection(
                    http,
                    (String) discovery.get("introspection_endpoint"),
                    (String) discovery.get("issuer"),
                    client,
                    options.getOrDefault("secret", "demo-api-secret"));
            if (!(discovery.get("jwks_uri") instanceof String jwksUri)) {
                throw new ToolFailure(discoveryUrl + " names no jwks_uri");
            }
            realmKeys = new RealmKeys(http, jwksUri, Clock.systemUTC());
        } catch (ToolFailure e) {
            err.println("demo-api: " + e.getMessage());
            return 1;
        }
        try {
            IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(cacheSeconds), Clock.systemUTC());
            PushReceiver receiver = new PushReceiver(
                    pushAuthorization,
                    new SetVerifier(introspection.issuer(), introspection.client(), realmKeys),
                    cache,
                    out);
            serve(options, port, introspection, cache, receiver, out);
        } catch (IOException e) {
            err.println("demo-api: cannot listen on port " + port + ": " + e.getMessage());
            return 1;
        }
        return RUNNING;
    }

    private static void serve(
            Map<String, String> options,
            int port,
            Introspection introspection,
            IntrospectionCache cache,
            PushReceiver receiver,
            PrintStream out)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        String base = options.getOrDefault(
                        "public-url", "http://localhost:" + server.getAddress().getPort())
                .replaceAll("/+$", "");
        String resource = base + CalendarHandler.RESOURCE_PATH;
        ResourceMetadata metadata = new ResourceMetadata(resource, introspection.issuer(), introspection.client());
        Guard guard = new Guard(resource, introspection.client(), introspection, cache, Clock.systemUTC());
        server.createContext(CalendarHandler.RESOURCE_PATH, new CalendarHandler(guard, metadata.metadataUrl(), out));
        server.createContext(
                ResourceMetadata.WELL_KNOWN,
                new MetadataHandler(ResourceMetadata.WELL_KNOWN + CalendarHandler.RESOURCE_PATH, metadata));
        server.createContext(PushReceiver.PATH, receiver);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        out.println("demo-api listening on " + resource);
        out.println("  needs a DPoP-bound token for " + introspection.client() + " with scope " + Guard.REQUIRED_SCOPE
                + "; asks " + introspection.endpoint() + " as " + introspection.client());
        out.println("  resource metadata (RFC 9728): " + metadata.metadataUrl());
        int kept = ApiOptions.introspectionCache(options);
        out.println("  receives the realm's Shared Signals (RFC 8935) at " + base + PushReceiver.PATH + "; "
                + (kept == 0
                        ? "asks introspection on every call"
                        : "keeps introspection answers " + kept + " s unless a push drops them"));
        out.println("Press Ctrl-C to stop.");
    }
}
