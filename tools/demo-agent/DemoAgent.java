import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo agent of Agent Grant for Keycloak: one whole round of a task grant, with nothing but a JDK 17+:
 * <pre>
 * java tools/demo-agent/DemoAgent.java [--url http://localhost:8080] [--api http://localhost:8090/calendar] …
 * </pre>
 * It asks for a task grant with an attestation presentation, shows the person the link to approve it, waits for the
 * decision by polling the token exchange (RFC 8628 §3.4–§3.5 pacing), exchanges the grant with a fresh presentation
 * and a DPoP proof (RFC 8693, RFC 9449), calls the demo resource server with the DPoP-bound token, then revokes the
 * grant and shows that token introspection, the exchange and the resource server all refuse from then on. Run it from
 * the project root; docs/walkthrough.md shows a whole run.
 *
 * <p>Every key and every piece of evidence comes from tools/demo-evidence/DemoEvidence.java and the demo realm's
 * state directory realm-exports/demo-evidence: this program compiles that tool once and runs its commands in this
 * JVM exactly as on its command line ({@code svid}, {@code k8s-token}, {@code provenance}, {@code presentation},
 * {@code dpop}), and reads JSON with the tool's reader. It holds no key and signs nothing itself.
 */
public final class DemoAgent {

    static final String TASK_GRANT_TYPE = "urn:agentgrant:token-type:task-grant";
    static final String ATTESTATION_TYPE = "urn:agentgrant:token-type:attestation";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** What the demo realm's attestation policy of demo-agent asks for (realm-exports/agent-grant-demo.json). */
    static final String SPIFFE_ID = "spiffe://example.org/agents/demo";
    static final String NAMESPACE = "agents";
    static final String SERVICE_ACCOUNT = "demo-agent";
    /** RFC 8628 §3.5: slow_down adds 5 seconds to the polling interval, for this and every later poll. */
    static final int SLOW_DOWN_STEP = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Option → default; the order is the order of --help. */
    static final Map<String, String[]> OPTIONS = options(
            "url", "http://localhost:8080", "Keycloak's base URL",
            "realm", "agent-grant-demo", "the realm",
            "client", "demo-agent", "the agent's client_id",
            "secret", "demo-agent-secret", "the agent's client secret",
            "audience", "demo-api", "the client the task may reach",
            "scope", "calendar.read calendar.write", "the scopes the task asks for",
            "purpose", "Read the team calendar and plan the offsite", "the task in the agent's words",
            "login-hint", "alice", "the person expected to approve ('' for anyone)",
            "api", "http://localhost:8090/calendar", "the demo resource server (tools/demo-api)",
            "api-client", "demo-api", "the resource server's client_id, to show token introspection",
            "api-secret", "demo-api-secret", "its client secret",
            "evidence-dir", "realm-exports/demo-evidence", "the demo keys the realm trusts",
            "evidence-tool", "tools/demo-evidence/DemoEvidence.java", "the evidence tool's source file");

    private final Map<String, String> settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> surprises = new ArrayList<>();
    private EvidenceTool tool;
    private String issuer;
    private String tokenEndpoint;
    private String introspectionEndpoint;
    private String agentGrantEndpoint;
    private String provenance;

    private DemoAgent(Map<String, String> settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Exit codes: 0 the round went as the demo expects, 1 it did not or a call failed, 2 usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("demo-agent: " + e.getMessage());
            err.print(usage());
            return 2;
        }
        if (settings.containsKey("help")) {
            out.print(usage());
            return 0;
        }
        DemoAgent agent = new DemoAgent(settings, out);
        try {
            agent.tool = EvidenceTool.load(Paths.get(settings.get("evidence-tool")), Paths.get(settings.get("evidence-dir")));
            return agent.round();
        } catch (Failure e) {
            out.flush();
            err.println("demo-agent: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("demo-agent: interrupted");
            return 1;
        } finally {
            if (agent.tool != null) {
                agent.tool.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the round

    private int round() throws InterruptedException {
        String base = settings.get("url").replaceAll("/+$", "");
        String realm = base + "/realms/" + encode(settings.get("realm"));
        out.println("Agent Grant demo agent: " + settings.get("client") + " in " + realm);

        step(1, "Discover the realm");
        Map<?, ?> oidc = object(get(realm + "/.well-known/openid-configuration"), 200, "the OpenID Provider metadata");
        Map<?, ?> discovery = object(get(realm + "/agent-grant"), 200, "the Agent Grant discovery document");
        issuer = text(oidc, "issuer");
        tokenEndpoint = text(oidc, "token_endpoint");
        introspectionEndpoint = text(oidc, "introspection_endpoint");
        agentGrantEndpoint = text(discovery, "agent_grant_endpoint");
        detail("issuer", issuer);
        detail("agent grants", agentGrantEndpoint + " (version " + discovery.get("agent_grant_version") + ")");
        detail("token endpoint", tokenEndpoint);

        step(2, "Attest and ask for a task grant");
        Path self = Paths.get("tools", "demo-agent", "DemoAgent.java");
        provenance = tool.mint("provenance", "--subject-name", self.getFileName().toString(), "--file", self.toString());
        detail("evidence", "spire  JWT-SVID of " + SPIFFE_ID);
        detail("", "k8s    service-account token of system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT);
        detail("", "build  SLSA provenance of " + self.getFileName() + " ("
                + tool.mint("digest", "--file", self.toString()) + ")");
        Map<String, String> request = new LinkedHashMap<>();
        request.put("audience", settings.get("audience"));
        request.put("scope", settings.get("scope"));
        request.put("purpose", settings.get("purpose"));
        if (!settings.get("login-hint").isEmpty()) {
            request.put("login_hint", settings.get("login-hint"));
        }
        request.put("actor_token", presentation());
        request.put("actor_token_type", ATTESTATION_TYPE);
        Answer created = post(agentGrantEndpoint + "/requests", request, "Authorization", agentCredentials());
        detail("POST", agentGrantEndpoint + "/requests -> " + created.status());
        Map<?, ?> grant = object(created, 201, "the grant request");
        String grantId = text(grant, "grant_id");
        detail("grant_id", grantId);
        detail("user_code", text(grant, "user_code"));
        detail("expires_in", grant.get("expires_in") + " s, poll every " + grant.get("interval") + " s");

        step(3, "Ask the person");
        out.println("   Open this link, sign in" + (request.containsKey("login_hint") ? " as " + request.get("login_hint") : "")
                + " and approve the task:");
        out.println();
        out.println("     " + text(grant, "verification_uri_complete"));
        out.println();
        out.println("   (or enter the code " + text(grant, "user_code") + " at " + text(grant, "verification_uri") + ")");

        step(4, "Wait for the decision: the token exchange answers authorization_pending until then");
        Map<?, ?> tokens = awaitToken(grantId, number(grant, "interval"), number(grant, "expires_in"));
        String accessToken = text(tokens, "access_token");
        detail("token_type", tokens.get("token_type") + " (bound to the instance key: RFC 9449)");
        detail("expires_in", tokens.get("expires_in") + " s");
        detail("scope", String.valueOf(tokens.get("scope")));
        detail("refresh_token", tokens.containsKey("refresh_token") ? "yes" : "none");

        step(5, "Call demo-api with the token: GET " + settings.get("api"));
        Answer api = callApi(accessToken);
        detail("status", String.valueOf(api.status()));
        out.print(indent(api.json() == null ? api.body() : tool.pretty(api.json())));
        expect(api.status() == 200, "demo-api answered " + api.status() + ", not 200, to a fresh token");

        step(6, "Introspect the token, as demo-api would (RFC 7662)");
        Map<?, ?> active = introspect(accessToken);
        for (String member : List.of("active", "username", "sub", "client_id", "scope", "token_type", "cnf", "act",
                "grant_id")) {
            if (active.containsKey(member)) {
                Object value = active.get(member);
                detail(member, value instanceof String text ? text : tool.compact(value));
            }
        }
        expect(Boolean.TRUE.equals(active.get("active")), "introspection said active " + active.get("active")
                + " for a fresh token");

        step(7, "Revoke the grant: POST " + agentGrantEndpoint + "/grants/{id}/revoke");
        Map<?, ?> revoked = object(post(agentGrantEndpoint + "/grants/" + encode(grantId) + "/revoke", Map.of(),
                "Authorization", agentCredentials()), 200, "the revocation");
        detail("status", String.valueOf(revoked.get("status")));
        expect("REVOKED".equals(revoked.get("status")), "the grant is " + revoked.get("status") + " after revocation");

        step(8, "Introspect the same token again");
        Map<?, ?> after = introspect(accessToken);
        detail("active", String.valueOf(after.get("active")));
        expect(Boolean.FALSE.equals(after.get("active")), "introspection still says active " + after.get("active")
                + " for a token of a revoked grant");

        step(9, "Exchange the grant again");
        Answer again = exchange(grantId);
        Object refusal = again.json() instanceof Map<?, ?> error ? error.get("error") : null;
        detail("status", again.status() + " " + describe(again));
        expect(again.status() == 400 && "invalid_grant".equals(refusal),
                "the exchange of a revoked grant answered " + again.status() + " " + refusal + ", not 400 invalid_grant");

        step(10, "Call demo-api again with the same token");
        Answer refused = callApi(accessToken);
        detail("status", refused.status() + " " + describe(refused));
        expect(refused.status() == 401, "demo-api answered " + refused.status() + ", not 401, to a token of a revoked grant");

        out.println();
        if (surprises.isEmpty()) {
            out.println("Done: the grant worked once for one task, and nothing works after its revocation.");
            return 0;
        }
        out.println("The round did not go as the demo expects:");
        surprises.forEach(surprise -> out.println("  - " + surprise));
        return 1;
    }

    /**
     * RFC 8628 §3.4–§3.5 pacing applied to the token exchange: wait {@code interval} seconds between polls, add 5 for
     * every slow_down, stop at access_denied or expired_token, or when the request has expired.
     */
    private Map<?, ?> awaitToken(String grantId, long interval, long expiresIn) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(expiresIn);
        long wait = Math.max(1, interval);
        out.print("   waiting");
        out.flush();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(wait * 1000);
            Answer answer = exchange(grantId);
            if (answer.status() == 200) {
                out.println(" approved");
                return object(answer, 200, "the token exchange");
            }
            Object error = answer.json() instanceof Map<?, ?> body ? body.get("error") : null;
            if ("authorization_pending".equals(error)) {
                out.print(".");
                out.flush();
            } else if ("slow_down".equals(error)) {
                wait += SLOW_DOWN_STEP;
                out.print(" slow_down (now every " + wait + " s) ");
                out.flush();
            } else {
                out.println();
                String why = "access_denied".equals(error) ? "the person denied the task"
                        : "expired_token".equals(error) ? "nobody approved the task in time"
                        : "the exchange failed";
                throw new Failure(why + ": HTTP " + answer.status() + " " + describe(answer));
            }
        }
        out.println();
        throw new Failure("nobody approved the task within " + expiresIn + " s");
    }

    /** RFC 8693 §2.1 with the extension's token types: the grant id, a fresh presentation, a DPoP proof (RFC 9449 §5). */
    private Answer exchange(String grantId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("subject_token", grantId);
        form.put("subject_token_type", TASK_GRANT_TYPE);
        form.put("actor_token", presentation());
        form.put("actor_token_type", ATTESTATION_TYPE);
        return post(tokenEndpoint, form, "Authorization", agentCredentials(),
                "DPoP", tool.mint("dpop", "--method", "POST", "--url", tokenEndpoint));
    }

    /** RFC 9449 §7.1: the token in the DPoP scheme, and a proof for this request that names the token (ath). */
    private Answer callApi(String accessToken) {
        String url = settings.get("api");
        return send(HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT).GET()
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", tool.mint("dpop", "--method", "GET", "--url", url, "--access-token", accessToken))
                .header("Accept", "application/json").build());
    }

    private Map<?, ?> introspect(String accessToken) {
        return object(post(introspectionEndpoint, Map.of("token", accessToken, "token_type_hint", "access_token"),
                "Authorization", basic(settings.get("api-client"), settings.get("api-secret"))), 200, "token introspection");
    }

    /**
     * A fresh attestation presentation (the actor_token): new short-lived workload identity evidence each time, the
     * provenance of this program, signed by the instance key the grant is pinned to.
     */
    private String presentation() {
        String svid = tool.mint("svid", "--spiffe-id", SPIFFE_ID, "--audience", issuer);
        String k8s = tool.mint("k8s-token", "--namespace", NAMESPACE, "--service-account", SERVICE_ACCOUNT,
                "--audience", issuer);
        return tool.mint("presentation", "--agent", settings.get("client"), "--audience", issuer,
                "--evidence", "spire=jwt:" + svid, "--evidence", "k8s=jwt:" + k8s, "--evidence", "build=dsse:" + provenance);
    }

    private void expect(boolean condition, String surprise) {
        if (!condition) {
            surprises.add(surprise);
            out.println("   !! unexpected: " + surprise);
        }
    }

    private void step(int number, String title) {
        out.println();
        out.println(number + ". " + title);
    }

    private void detail(String label, String value) {
        out.printf(Locale.ROOT, "   %-14s %s%n", label, value);
    }

    private static String indent(String text) {
        StringBuilder indented = new StringBuilder();
        text.strip().lines().forEach(line -> indented.append("     ").append(line).append('\n'));
        return indented.toString();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    /** One HTTP answer; its body read as JSON on demand. */
    private final class Answer {
        private final int status;
        private final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        String body() {
            return body;
        }

        Object json() {
            try {
                return body.isBlank() ? null : tool.parse(body);
            } catch (Failure notJson) {
                return null;
            }
        }
    }

    private Answer get(String url) {
        return send(HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT).GET().header("Accept", "application/json").build());
    }

    private Answer post(String url, Map<String, String> form, String... headers) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(encode(name)).append('=')
                .append(encode(value)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new Failure("cannot connect to " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                    + " (is it running?)");
        } catch (HttpTimeoutException e) {
            throw new Failure("no answer from " + request.uri() + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new Failure(request.method() + " " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** The answer's JSON object if its status is {@code expected}; otherwise a failure naming the error. */
    private Map<?, ?> object(Answer answer, int expected, String what) {
        if (answer.status() != expected) {
            throw new Failure(what + ": HTTP " + answer.status() + " " + describe(answer));
        }
        if (!(answer.json() instanceof Map<?, ?> object)) {
            throw new Failure(what + ": the answer is not a JSON object");
        }
        return object;
    }

    /** RFC 6749 §5.2 error and description, or what the body is. */
    private String describe(Answer answer) {
        Object json = answer.json();
        if (json instanceof Map<?, ?> body && body.get("error") != null) {
            return body.get("error") + (body.get("error_description") == null ? "" : " (" + body.get("error_description") + ")");
        }
        if (json != null) {
            return "(an answer without error)";
        }
        String body = answer.body().strip();
        return body.isEmpty() ? "(no body)" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String text(Map<?, ?> object, String member) {
        if (!(object.get(member) instanceof String value)) {
            throw new Failure("the answer has no " + member);
        }
        return value;
    }

    private static long number(Map<?, ?> object, String member) {
        if (!(object.get(member) instanceof Number value)) {
            throw new Failure("the answer has no " + member);
        }
        return value.longValue();
    }

    /** client_secret_basic (RFC 6749 §2.3.1): id and secret form-encoded, then Base64. */
    private String agentCredentials() {
        return basic(settings.get("client"), settings.get("secret"));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((encode(id) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new Failure("not a valid URL: " + text);
        }
    }

    // ------------------------------------------------------------------------------------------------ the evidence tool

    /**
     * tools/demo-evidence/DemoEvidence.java, compiled into a temporary directory and loaded into this JVM. Each
     * {@link #mint} is one command line of the tool with {@code --dir} added; its JSON reader and writer read and
     * print the answers here.
     */
    static final class EvidenceTool implements AutoCloseable {
        private final Path classes;
        private final Path dir;
        private final Method run;
        private final Method parse;
        private final Method pretty;
        private final Method compact;

        private EvidenceTool(Path classes, Path dir, Method run, Method parse, Method pretty, Method compact) {
            this.classes = classes;
            this.dir = dir;
            this.run = run;
            this.parse = parse;
            this.pretty = pretty;
            this.compact = compact;
        }

        static EvidenceTool load(Path source, Path dir) {
            if (!Files.isRegularFile(source)) {
                throw new Failure("no " + source + " here: run the demo agent from the project root, or pass --evidence-tool");
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new Failure("this Java runtime has no compiler: run the demo agent with a JDK");
            }
            Path classes;
            try {
                classes = Files.createTempDirectory("demo-evidence-classes");
            } catch (IOException e) {
                throw new Failure("cannot create a temporary directory: " + e);
            }
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            if (javac.run(null, diagnostics, diagnostics, "-nowarn", "-d", classes.toString(), source.toString()) != 0) {
                throw new Failure("compiling " + source + " failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
            }
            try {
                ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, DemoAgent.class.getClassLoader());
                Class<?> tool = loader.loadClass("DemoEvidence");
                Class<?> json = loader.loadClass("DemoEvidence$Json");
                return new EvidenceTool(classes, dir,
                        accessible(tool.getDeclaredMethod("run", String[].class, InputStream.class, PrintStream.class, PrintStream.class)),
                        accessible(json.getDeclaredMethod("parse", String.class)),
                        accessible(json.getDeclaredMethod("pretty", Object.class)),
                        accessible(json.getDeclaredMethod("compact", Object.class)));
            } catch (IOException | ReflectiveOperationException e) {
                throw new Failure("cannot load the evidence tool compiled from " + source + ": " + e);
            }
        }

        private static Method accessible(Method method) {
            method.setAccessible(true);
            return method;
        }

        /** One command of the tool; its standard output, trimmed. */
        String mint(String... args) {
            List<String> line = new ArrayList<>(List.of(args));
            line.add("--dir");
            line.add(dir.toString());
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int exit = (int) invoke(run, (Object) line.toArray(String[]::new), InputStream.nullInputStream(),
                    new PrintStream(output, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new Failure("demo-evidence " + args[0] + " failed: " + errors.toString(StandardCharsets.UTF_8).strip());
            }
            return output.toString(StandardCharsets.UTF_8).strip();
        }

        Object parse(String json) {
            return invoke(parse, json);
        }

        String pretty(Object value) {
            return (String) invoke(pretty, value);
        }

        String compact(Object value) {
            return (String) invoke(compact, value);
        }

        private static Object invoke(Method method, Object... args) {
            try {
                return method.invoke(null, args);
            } catch (InvocationTargetException e) {
                // The tool's own failures (malformed JSON, for one) are RuntimeExceptions with a message.
                throw new Failure(String.valueOf(e.getCause().getMessage()));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(classes)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ options

    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private static Map<String, String[]> options(String... triples) {
        Map<String, String[]> options = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            options.put(triples[i], new String[] {triples[i + 1], triples[i + 2]});
        }
        return options;
    }

    /** Every option with its value or default; {@code help} when asked for. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                given.put("help", "");
                continue;
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            if (given.put(name, args[++i]) != null) {
                throw new IllegalArgumentException(args[i - 1] + " is given twice");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        OPTIONS.forEach((name, option) -> settings.put(name, given.getOrDefault(name, option[0])));
        if (given.containsKey("help")) {
            settings.put("help", "");
        }
        return settings;
    }

    static String usage() {
        StringBuilder text = new StringBuilder("Usage: java tools/demo-agent/DemoAgent.java [options]   (from the project root)\n");
        OPTIONS.forEach((name, option) -> text.append(String.format(Locale.ROOT, "  --%-14s %s (default: %s)%n",
                name, option[1], option[0].isEmpty() ? "none" : option[0])));
        text.append("Exit codes: 0 the round went as expected, 1 it did not or a call failed, 2 usage error.\n");
        return text.toString();
    }
}
