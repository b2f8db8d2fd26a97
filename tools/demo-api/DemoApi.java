import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The demo's resource server {@code demo-api}, with nothing but a JDK 17+:
 * <pre>
 * java tools/demo-api/DemoApi.java [--port 8090] [--url http://localhost:8080] [--realm agent-grant-demo]
 * </pre>
 * It serves {@code GET /calendar} to callers holding a DPoP-bound access token (RFC 9449) for {@code demo-api} with
 * the scope {@code calendar.read}, and answers with what the token says: the person ({@code sub}), the agent acting
 * for them ({@code act}, RFC 8693 §4.1), the scopes, the task grant and the attestation Keycloak verified.
 *
 * <p>It checks the DPoP proof itself (RFC 9449 §4.3 and §7.1: signature by the key in its header, {@code htm},
 * {@code htu}, {@code iat}, {@code jti} once, {@code ath}), then asks Keycloak about the token through token
 * introspection (RFC 7662) with {@code demo-api}'s client credentials rather than only checking its signature
 * against the realm's keys: introspection also sees a token whose grant was revoked. Every claim comes from that
 * answer (RFC 7662 §2.2), never from the token's own payload: the proof's key must be the one the token is bound to
 * ({@code cnf.jkt}, RFC 9449 §6.2), the token must be from the realm, meant for {@code demo-api} and carry the scope;
 * the person, the agent ({@code act}), the grant and the attestation in the reply are introspection's, too.
 * See docs/walkthrough.md.
 */
public final class DemoApi {

    static final String RESOURCE_PATH = "/calendar";
    static final String REQUIRED_SCOPE = "calendar.read";
    /** The one proof algorithm this server accepts: the agent instance keys of the demo are EC P-256. */
    static final String ALGORITHM = "ES256";
    /** How old a proof may be, and how far in the future its iat may lie (clock skew), RFC 9449 §11.1. */
    static final Duration PROOF_MAX_AGE = Duration.ofSeconds(60);
    static final Duration PROOF_MAX_SKEW = Duration.ofSeconds(15);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DemoApi() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-api: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        if (options.containsKey("help")) {
            System.out.print(usage());
            return;
        }
        String keycloak = options.getOrDefault("url", "http://localhost:8080").replaceAll("/+$", "");
        String realm = options.getOrDefault("realm", "agent-grant-demo");
        String client = options.getOrDefault("client", "demo-api");
        String secret = options.getOrDefault("secret", "demo-api-secret");
        int port;
        try {
            port = Integer.parseInt(options.getOrDefault("port", "8090"));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            System.err.println("demo-api: --port must be a port number (0: any free port)");
            System.exit(2);
            return;
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, Object> discovery;
        String discoveryUrl = keycloak + "/realms/" + URLEncoder.encode(realm, StandardCharsets.UTF_8).replace("+", "%20")
                + "/.well-known/openid-configuration";
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(discoveryUrl)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + discoveryUrl + " answered HTTP " + answer.statusCode());
            }
            discovery = Json.object(Json.parse(answer.body()), "the OpenID Provider metadata");
        } catch (ConnectException e) {
            System.err.println("demo-api: cannot connect to " + keycloak + " (is Keycloak running?)");
            System.exit(1);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("demo-api: reading " + discoveryUrl + " failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        Introspection introspection = new Introspection(http, URI.create((String) discovery.get("introspection_endpoint")),
                (String) discovery.get("issuer"), client, secret);

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        String base = options.getOrDefault("public-url", "http://localhost:" + server.getAddress().getPort()).replaceAll("/+$", "");
        Guard guard = new Guard(base + RESOURCE_PATH, client, introspection, Clock.systemUTC());
        server.createContext(RESOURCE_PATH, exchange -> serve(exchange, guard, System.out));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("demo-api listening on " + base + RESOURCE_PATH);
        System.out.println("  needs a DPoP-bound token for " + client + " with scope " + REQUIRED_SCOPE
                + "; asks " + introspection.endpoint() + " as " + client);
        System.out.println("Press Ctrl-C to stop.");
    }

    static String usage() {
        return """
                Usage: java tools/demo-api/DemoApi.java [options]
                  --port PORT        port on the loopback interface (default 8090; 0: any free port)
                  --url URL          Keycloak's base URL (default http://localhost:8080)
                  --realm REALM      the realm (default agent-grant-demo)
                  --client ID        this API's client_id, the tokens' audience (default demo-api)
                  --secret SECRET    its client secret, for token introspection (default demo-api-secret)
                  --public-url URL   the URL callers use, which DPoP proofs name in htu (default http://localhost:PORT)
                """;
    }

    /** {@code --name value} pairs and {@code --help}; nothing positional, nothing twice. */
    static Map<String, String> options(String[] args) {
        Set<String> known = Set.of("port", "url", "realm", "client", "secret", "public-url");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (name.equals("help") || args[i].equals("-h")) {
                options.put("help", "");
            } else if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            } else if (options.put(name, args[++i]) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return options;
    }

    // ------------------------------------------------------------------------------------------------ serving

    private static void serve(HttpExchange exchange, Guard guard, PrintStream log) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(RESOURCE_PATH)) {
                reply(exchange, 404, Json.write(Map.of("error", "not_found")), null);
                return;
            }
            if (!method.equals("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                reply(exchange, 405, Json.write(Map.of("error", "method_not_allowed")), null);
                return;
            }
            Outcome outcome = guard.check(method, exchange.getRequestHeaders().getOrDefault("Authorization", List.of()),
                    exchange.getRequestHeaders().getOrDefault("DPoP", List.of()));
            if (outcome instanceof Refused refused) {
                log.println("GET " + RESOURCE_PATH + " -> " + refused.status() + " " + refused.error() + ": "
                        + refused.description());
                reply(exchange, refused.status(), Json.write(map("error", refused.error(),
                        "error_description", refused.description())), refused.challenge());
                return;
            }
            Accepted accepted = (Accepted) outcome;
            Map<String, Object> said = accepted.introspection();
            Map<String, Object> answer = map(
                    "message", "calendar read allowed: the agent in act acts for the person in sub",
                    "sub", said.get("sub"),
                    "username", said.get("username"),
                    "act", said.get("act"),
                    "scope", said.get("scope"),
                    "grant_id", said.get("grant_id"),
                    "attestation", said.get("attestation"));
            log.println("GET " + RESOURCE_PATH + " -> 200 sub=" + said.get("sub") + " (" + said.get("username") + ") act="
                    + Json.write(said.get("act"))
                    + " scope=\"" + said.get("scope") + "\" grant_id=" + said.get("grant_id"));
            reply(exchange, 200, Json.pretty(answer), null);
        } catch (RuntimeException e) {
            log.println("GET " + RESOURCE_PATH + " -> 500 " + e);
            throw e;
        }
    }

    private static void reply(HttpExchange exchange, int status, String json, String challenge) throws IOException {
        if (challenge != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // ------------------------------------------------------------------------------------------------ the checks

    /** What {@link Guard#check} decided. */
    sealed interface Outcome permits Accepted, Refused {
    }

    /** The token passed: introspection's answer for it (RFC 7662 §2.2), which this API's answer repeats. */
    record Accepted(Map<String, Object> introspection) implements Outcome {
    }

    /** A refusal: 401 (403 for a missing scope) with its RFC 6750 §3 / RFC 9449 §7.1 challenge, or 503 without one. */
    record Refused(int status, String error, String description, String challenge) implements Outcome {

        static Refused token(String description) {
            return of(401, "invalid_token", description);
        }

        static Refused proof(String description) {
            return of(401, "invalid_dpop_proof", description);
        }

        static Refused of(int status, String error, String description) {
            // RFC 6750 §3: error_description holds printable ASCII without '"' and '\\'.
            return new Refused(status, error, description, "DPoP algs=\"" + ALGORITHM + "\", error=\"" + error
                    + "\", error_description=\"" + description.replaceAll("[^\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]", "?") + "\"");
        }
    }

    /** A DPoP proof whose signature verified: its header key's thumbprint and its claims. */
    record Proof(String jkt, Map<String, Object> claims) {
    }

    /** RFC 9449 §7.1: a DPoP-bound access token with a valid proof, then introspection, binding, audience, scope. */
    static final class Guard {
        private final String htu;
        private final String audience;
        private final Introspection introspection;
        private final Clock clock;
        /** jti → the epoch second after which the proof is too old to be accepted anyway (RFC 9449 §11.1). */
        private final Map<String, Long> seen = new ConcurrentHashMap<>();

        Guard(String htu, String audience, Introspection introspection, Clock clock) {
            this.htu = htu;
            this.audience = audience;
            this.introspection = introspection;
            this.clock = clock;
        }

        Outcome check(String method, List<String> authorization, List<String> dpop) {
            if (authorization.isEmpty()) {
                // RFC 6750 §3.1: no credentials, no error code.
                return new Refused(401, "invalid_request", "no access token", "DPoP algs=\"" + ALGORITHM + "\"");
            }
            if (authorization.size() > 1) {
                return Refused.of(400, "invalid_request", "more than one Authorization header");
            }
            String[] scheme = authorization.get(0).split(" ", 2);
            if (scheme.length != 2 || !scheme[0].equalsIgnoreCase("DPoP")) {
                // RFC 9449 §7.2: this API accepts only DPoP-bound tokens, presented with the DPoP scheme.
                return Refused.token("the access token must be sent with the DPoP scheme (RFC 9449, section 7.1)");
            }
            String token = scheme[1].strip();
            if (!token.matches("[A-Za-z0-9._~+/-]+=*")) {
                return Refused.token("the access token is not a token68 value");
            }
            if (dpop.size() != 1) {
                return Refused.proof(dpop.isEmpty() ? "no DPoP proof" : "more than one DPoP header");
            }
            Proof proof;
            try {
                proof = verifiedProof(dpop.get(0));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                return Refused.proof(e.getMessage());
            }
            String problem = claimProblem(proof.claims(), method, token);
            if (problem != null) {
                return Refused.proof(problem);
            }

            Map<String, Object> answer;
            try {
                answer = introspection.introspect(token);
            } catch (IOException | RuntimeException e) {
                return new Refused(503, "temporarily_unavailable", "token introspection failed: " + e.getMessage(), null);
            }
            if (!Boolean.TRUE.equals(answer.get("active"))) {
                return Refused.token("the token is not active (token introspection)");
            }
            // RFC 7662 §2.2: the answer is the authorization server's word on the token as it stands now, so the
            // claims come from it, not from the token: this API never parses or trusts the token's own payload.
            if (introspection.issuer() != null && !introspection.issuer().equals(answer.get("iss"))) {
                return Refused.token("the token is from another issuer");
            }
            Object cnf = answer.get("cnf");
            Object jkt = cnf instanceof Map<?, ?> c ? c.get("jkt") : null;
            if (jkt == null) {
                // RFC 9449 §6.2: introspection names the key a DPoP-bound token is bound to.
                return Refused.token("the token is not DPoP-bound (no cnf.jkt)");
            }
            if (!jkt.equals(proof.jkt())) {
                // RFC 9449 §7.1: the proof's key must be the key the token is bound to.
                return Refused.proof("the proof is signed by another key than the one the token is bound to");
            }
            Object aud = answer.get("aud");
            if (!(audience.equals(aud) || (aud instanceof List<?> list && list.contains(audience)))) {
                return Refused.token("the token is not meant for " + audience);
            }
            Object scope = answer.get("scope");
            if (!(scope instanceof String scopes) || !List.of(scopes.split(" ")).contains(REQUIRED_SCOPE)) {
                return new Refused(403, "insufficient_scope", "the token lacks the scope " + REQUIRED_SCOPE,
                        "DPoP algs=\"" + ALGORITHM + "\", error=\"insufficient_scope\", scope=\"" + REQUIRED_SCOPE + "\"");
            }
            return new Accepted(answer);
        }

        /** RFC 9449 §4.3 steps 2–7: one compact JWS, typ dpop+jwt, ES256, a public P-256 JWK that verifies it. */
        static Proof verifiedProof(String jws) throws GeneralSecurityException {
            String[] parts = jws.split("\\.", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("the proof is not a compact JWS");
            }
            Map<String, Object> header = Json.object(Json.parse(utf8(b64(parts[0]))), "the proof header");
            Map<String, Object> claims = Json.object(Json.parse(utf8(b64(parts[1]))), "the proof claims");
            if (!"dpop+jwt".equals(header.get("typ"))) {
                throw new IllegalArgumentException("the proof's typ is not dpop+jwt");
            }
            if (!ALGORITHM.equals(header.get("alg"))) {
                throw new IllegalArgumentException("the proof's alg is not " + ALGORITHM);
            }
            Map<String, Object> jwk = Json.object(header.get("jwk"), "the proof's jwk");
            if (jwk.containsKey("d")) {
                throw new IllegalArgumentException("the proof's jwk holds a private key");
            }
            if (!"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))
                    || !(jwk.get("x") instanceof String x) || !(jwk.get("y") instanceof String y)) {
                throw new IllegalArgumentException("the proof's jwk is not a P-256 public key");
            }
            byte[] xBytes = b64(x);
            byte[] yBytes = b64(y);
            if (xBytes.length != 32 || yBytes.length != 32) {
                throw new IllegalArgumentException("the proof's jwk coordinates are not 32 bytes");
            }
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, xBytes), new BigInteger(1, yBytes)),
                    parameters.getParameterSpec(ECParameterSpec.class)));
            // RFC 7518 §3.4: the JWS signature is R || S, which the JDK reads as IEEE P1363.
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(b64(parts[2]))) {
                throw new IllegalArgumentException("the proof's signature does not verify with its jwk");
            }
            // RFC 7638 §3.2: the required EC members in lexicographic order, no white space.
            String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
            String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII)));
            return new Proof(thumbprint, claims);
        }

        /** RFC 9449 §4.3 steps 8–12 and §7.1: htm, htu, iat, jti (once), ath; null when all hold. */
        String claimProblem(Map<String, Object> claims, String method, String token) {
            if (!method.equals(claims.get("htm"))) {
                return "htm is not " + method;
            }
            if (!htu.equals(claims.get("htu"))) {
                return "htu is not " + htu;
            }
            long now = clock.instant().getEpochSecond();
            if (!(claims.get("iat") instanceof Long iat)) {
                return "no iat";
            }
            if (iat > now + PROOF_MAX_SKEW.toSeconds() || iat < now - PROOF_MAX_AGE.toSeconds()) {
                return "iat is not within the last " + PROOF_MAX_AGE.toSeconds() + " s";
            }
            String expected;
            try {
                expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            if (!expected.equals(claims.get("ath"))) {
                return "ath is not the hash of the access token";
            }
            if (!(claims.get("jti") instanceof String jti) || jti.isEmpty()) {
                return "no jti";
            }
            seen.values().removeIf(until -> until < now);
            if (seen.putIfAbsent(jti, iat + PROOF_MAX_AGE.toSeconds() + PROOF_MAX_SKEW.toSeconds()) != null) {
                return "the proof was used before (jti)";
            }
            return null;
        }
    }

    /** RFC 7662 token introspection, authenticated as this API (client_secret_basic, RFC 6749 §2.3.1). */
    record Introspection(HttpClient http, URI endpoint, String issuer, String client, String secret) {

        Map<String, Object> introspect(String token) throws IOException {
            String credentials = form(client) + ":" + form(secret);
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + endpoint);
            }
            return Json.object(Json.parse(response.body()), "the introspection answer");
        }

        private static String form(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    private static byte[] b64(String text) {
        if (!text.matches("[A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("not base64url: " + (text.length() > 20 ? text.substring(0, 20) + "…" : text));
        }
        return Base64.getUrlDecoder().decode(text);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /**
     * RFC 8259, as far as this server reads it: objects (member order kept, duplicate names refused), arrays, strings,
     * numbers (integers as Long), true, false, null. Malformed input is an IllegalArgumentException.
     */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value(0);
            json.skipSpace();
            if (json.at != text.length()) {
                throw json.fail("trailing characters");
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(Object value, String what) {
            if (!(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return (Map<String, Object>) value;
        }

        private Object value(int depth) {
            if (depth > 32) {
                throw fail("nested too deeply");
            }
            skipSpace();
            char c = at < text.length() ? text.charAt(at) : '\0';
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                skipSpace();
                if (take('}')) {
                    return object;
                }
                do {
                    skipSpace();
                    String name = string();
                    skipSpace();
                    if (!take(':')) {
                        throw fail("':' expected");
                    }
                    if (object.containsKey(name)) {
                        throw fail("member '" + name + "' twice");
                    }
                    object.put(name, value(depth + 1));
                    skipSpace();
                } while (take(','));
                if (!take('}')) {
                    throw fail("'}' expected");
                }
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                skipSpace();
                if (take(']')) {
                    return array;
                }
                do {
                    array.add(value(depth + 1));
                    skipSpace();
                } while (take(','));
                if (!take(']')) {
                    throw fail("']' expected");
                }
                return array;
            }
            if (c == '"') {
                return string();
            }
            for (Map.Entry<String, Object> literal : LITERALS.entrySet()) {
                if (text.startsWith(literal.getKey(), at)) {
                    at += literal.getKey().length();
                    return literal.getValue();
                }
            }
            int start = at;
            while (at < text.length() && "+-.0123456789eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String number = text.substring(start, at);
            if (!number.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
                throw fail("a value expected");
            }
            BigDecimal decimal = new BigDecimal(number);
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException notAWholeLong) {
                return decimal;
            }
        }

        private static final Map<String, Object> LITERALS = literals();

        private static Map<String, Object> literals() {
            Map<String, Object> literals = new LinkedHashMap<>();
            literals.put("true", Boolean.TRUE);
            literals.put("false", Boolean.FALSE);
            literals.put("null", null);
            return literals;
        }

        private String string() {
            if (!take('"')) {
                throw fail("a string expected");
            }
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw fail("a control character in a string");
                }
                if (c == '\\' && at < text.length()) {
                    char escape = text.charAt(at++);
                    int simple = "\"\\/bfnrt".indexOf(escape);
                    if (simple >= 0) {
                        out.append("\"\\/\b\f\n\r\t".charAt(simple));
                    } else if (escape == 'u' && at + 4 <= text.length()
                            && text.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    } else {
                        throw fail("a bad escape");
                    }
                } else {
                    out.append(c);
                }
            }
            throw fail("an unterminated string");
        }

        private boolean take(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException("invalid JSON at character " + at + ": " + problem);
        }

        static String write(Object value) {
            return write(value, null);
        }

        static String pretty(Object value) {
            return write(value, "") + "\n";
        }

        /** Compact when {@code indent} is null, else two spaces per level. */
        private static String write(Object value, String indent) {
            if (value == null || value instanceof Boolean || value instanceof Number) {
                return String.valueOf(value);
            }
            if (value instanceof String s) {
                StringBuilder out = new StringBuilder("\"");
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                return out.append('"').toString();
            }
            String inner = indent == null ? null : indent + "  ";
            String open = indent == null ? "" : "\n" + inner;
            String close = indent == null ? "" : "\n" + indent;
            List<String> items = new ArrayList<>();
            if (value instanceof Map<?, ?> object) {
                object.forEach((name, member) -> items.add(write(name, null) + (indent == null ? ":" : ": ")
                        + write(member, inner)));
                return items.isEmpty() ? "{}" : "{" + open + String.join("," + open, items) + close + "}";
            }
            if (value instanceof List<?> array) {
                array.forEach(item -> items.add(write(item, inner)));
                return items.isEmpty() ? "[]" : "[" + open + String.join("," + open, items) + close + "]";
            }
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }
}
