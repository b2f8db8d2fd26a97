package dev.agentgrant.keycloak.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.agentgrant.keycloak.testing.ToolProgram;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo API as a Shared Signals receiver (RFC 8935 push, RFC 8417 SETs, CAEP events; the shape of
 * docs/wire-contract.md), in a process of its own as the walkthrough starts it, against a stand-in for Keycloak whose
 * JWKS holds a test key: a SET the realm signed drops the API's kept introspection answers for its grant, so the next
 * call with a token of that grant asks introspection again; every SET or request that breaks a rule is answered 400
 * with RFC 8935 §2.4's error code and changes nothing.
 */
class DemoApiPushTest {

    private static final String REALM_PATH = "/realms/agent-grant-demo";
    private static final String INTROSPECT = "POST " + REALM_PATH + "/protocol/openid-connect/token/introspect";
    private static final String AUTHORIZATION = "Bearer push-token-of-this-test";
    private static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    private static final String CLAIMS_CHANGE =
            "https://schemas.openid.net/secevent/caep/event-type/token-claims-change";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** token → what introspection answers for it. */
    private static final Map<String, String> INTROSPECTION = new ConcurrentHashMap<>();

    private static StubServer keycloak;
    private static ToolProgram api;
    private static String resource;
    private static String events;
    private static String issuer;
    private static RSAKey realmKey;
    private static ECKey agentKey;

    @BeforeAll
    static void startTheApi() throws Exception {
        // As Keycloak's JWKS lists a realm key: its kid, use sig and alg RS256.
        realmKey = new RSAKeyGenerator(2048)
                .keyID("realm-rs256")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        agentKey = new ECKeyGenerator(Curve.P_256).generate();
        keycloak = new StubServer();
        issuer = keycloak.url() + REALM_PATH;
        keycloak.on(
                "GET " + REALM_PATH + "/.well-known/openid-configuration",
                200,
                JSON.writeValueAsString(Map.of(
                        "issuer",
                        issuer,
                        "introspection_endpoint",
                        issuer + "/protocol/openid-connect/token/introspect",
                        "jwks_uri",
                        issuer + "/protocol/openid-connect/certs")));
        keycloak.on("GET " + REALM_PATH + "/protocol/openid-connect/certs", 200, new JWKSet(realmKey).toString(true));
        keycloak.on(
                INTROSPECT,
                request -> StubServer.Reply.of(
                        200, INTROSPECTION.getOrDefault(request.form().get("token"), "{\"active\":false}")));
        api = ToolProgram.start("api", "--port", "0", "--url", keycloak.url(), "--push-authorization", AUTHORIZATION);
        resource = api.awaitLine(Pattern.compile("^demo-api listening on (\\S+)$"), Duration.ofMinutes(2))
                .group(1);
        events = resource.replace("/calendar", "/ssf/events");
        api.awaitLine(
                Pattern.compile("receives the realm's Shared Signals \\(RFC 8935\\) at " + Pattern.quote(events)
                        + "; keeps introspection answers 60 s unless a push drops them"),
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopTheApi() {
        if (api != null) {
            api.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    // ------------------------------------------------------------------------------------------ accepted

    @Test
    void aSessionRevokedPushDropsTheKeptAnswerSoTheNextCallAsksIntrospectionAgain() throws Exception {
        String token = activeToken("grant-revoked");
        assertThat(callApi(token).statusCode()).isEqualTo(200);
        assertThat(callApi(token).statusCode())
                .as("answered from the kept introspection")
                .isEqualTo(200);
        assertThat(introspectionsOf(token)).hasSize(1);
        api.awaitLine(
                Pattern.compile("grant_id=grant-revoked \\(introspection answer kept \\d+ s ago\\)$"),
                Duration.ofSeconds(10));

        // Keycloak revokes the grant: introspection says so at once, and the realm pushes the SET.
        INTROSPECTION.put(token, "{\"active\":false}");
        HttpResponse<String> pushed = push(set(sessionRevoked("grant-revoked"), header -> {}, realmKey));

        // RFC 8935 §2.2: 202 Accepted, no body needed.
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        assertThat(pushed.body()).isEmpty();
        api.awaitLine(
                Pattern.compile("^POST /ssf/events -> 202 session-revoked of grant grant-revoked "
                        + "\\(initiated by system, revoked_by_agent\\): dropped 1 cached introspection answer$"),
                Duration.ofSeconds(10));
        HttpResponse<String> after = callApi(token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(after.body()).path("error_description").asText())
                .contains("not active");
        assertThat(introspectionsOf(token)).hasSize(2);
    }

    @Test
    void aSuspendedAgentsTokenClaimsChangeDropsTheAnswersOfItsGrant() throws Exception {
        String token = activeToken("grant-suspended");
        assertThat(callApi(token).statusCode()).isEqualTo(200);

        Map<String, Object> claims = claims("grant-suspended");
        claims.put(
                "events",
                Map.of(
                        CLAIMS_CHANGE,
                        Map.of(
                                "event_timestamp",
                                Instant.now().getEpochSecond(),
                                "initiating_entity",
                                "admin",
                                "claims",
                                Map.of("agent_grant_agent_suspended", true),
                                "reason_admin",
                                Map.of("en", "agent_suspended"))));
        HttpResponse<String> pushed = push(set(claims, header -> {}, realmKey));

        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        api.awaitLine(
                Pattern.compile("^POST /ssf/events -> 202 token-claims-change of grant grant-suspended \\(initiated by"
                        + " admin, agent_suspended, \\{\"agent_grant_agent_suspended\":true\\}\\): dropped 1 cached"
                        + " introspection answer$"),
                Duration.ofSeconds(10));
        assertThat(callApi(token).statusCode()).isEqualTo(200);
        assertThat(introspectionsOf(token)).as("asked again after the push").hasSize(2);
    }

    @Test
    void aPushAboutAnotherGrantOrAnEventThisApiDoesNotActOnLeavesTheKeptAnswers() throws Exception {
        String token = activeToken("grant-kept");
        assertThat(callApi(token).statusCode()).isEqualTo(200);

        HttpResponse<String> other = push(set(sessionRevoked("grant-of-someone-else"), header -> {}, realmKey));
        Map<String, Object> unknownEvent = claims("grant-kept");
        unknownEvent.put(
                "events",
                Map.of(
                        "https://schemas.openid.net/secevent/caep/event-type/credential-change",
                        Map.of("credential_type", "password")));
        HttpResponse<String> ignored = push(set(unknownEvent, header -> {}, realmKey));

        assertThat(other.statusCode()).isEqualTo(202);
        assertThat(ignored.statusCode())
                .as("RFC 8417 §2.2: an event it does not know is ignored")
                .isEqualTo(202);
        api.awaitLine(Pattern.compile("^POST /ssf/events -> 202: no event this API acts on$"), Duration.ofSeconds(10));
        assertThat(callApi(token).statusCode()).isEqualTo(200);
        assertThat(introspectionsOf(token)).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------ refused

    /** One way to get a push wrong: what is sent, and RFC 8935 §2.4's error code and description. */
    record Refusal(String name, Push push, String err, String description) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A push request: the SET for a grant, its Authorization header (null for none) and Content-Type. */
    @FunctionalInterface
    interface Push {
        HttpResponse<String> send(String grantId) throws Exception;
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal(
                        "no Authorization header",
                        grant -> push(set(sessionRevoked(grant), h -> {}, realmKey), null, "application/secevent+jwt"),
                        "authentication_failed",
                        "no Authorization header"),
                new Refusal(
                        "another Authorization header",
                        grant -> push(
                                set(sessionRevoked(grant), h -> {}, realmKey),
                                "Bearer a-guess",
                                "application/secevent+jwt"),
                        "authentication_failed",
                        "not the configured one"),
                new Refusal(
                        "a Content-Type other than application/secevent+jwt",
                        grant -> push(set(sessionRevoked(grant), h -> {}, realmKey), AUTHORIZATION, "application/jwt"),
                        "invalid_request",
                        "Content-Type"),
                new Refusal("a body that is no JWS", grant -> push("not-a-set"), "invalid_request", "not a JWS"),
                new Refusal(
                        "a signature by another key under the realm's kid",
                        grant -> push(set(
                                sessionRevoked(grant),
                                h -> {},
                                new RSAKeyGenerator(2048).keyID("realm-rs256").generate())),
                        "invalid_key",
                        "signature does not verify"),
                new Refusal(
                        "a kid the realm does not have",
                        grant -> push(set(
                                sessionRevoked(grant),
                                h -> {},
                                new RSAKeyGenerator(2048).keyID("made-up").generate())),
                        "invalid_key",
                        "no key of the realm has the kid made-up"),
                new Refusal(
                        "a key carried in the header",
                        grant -> push(set(sessionRevoked(grant), h -> h.jwk(realmKey.toPublicJWK()), realmKey)),
                        "invalid_key",
                        "carries its own key"),
                new Refusal(
                        "typ JWT",
                        grant -> push(set(sessionRevoked(grant), h -> h.type(JOSEObjectType.JWT), realmKey)),
                        "invalid_request",
                        "typ is not secevent+jwt"),
                new Refusal(
                        "an unsecured SET (alg none)",
                        grant -> push(unsecured(sessionRevoked(grant))),
                        "invalid_request",
                        "not signed"),
                new Refusal(
                        "a SET MACed with HS256",
                        grant -> push(hmac(sessionRevoked(grant))),
                        "invalid_request",
                        "alg HS256"),
                new Refusal(
                        "an ES256 signature under the realm's RSA key id",
                        grant -> push(set(
                                sessionRevoked(grant),
                                h -> {},
                                new ECKeyGenerator(Curve.P_256)
                                        .keyID("realm-rs256")
                                        .generate())),
                        "invalid_key",
                        "not for ES256"),
                new Refusal(
                        "another audience",
                        grant -> push(set(with(sessionRevoked(grant), "aud", "payments-api"), h -> {}, realmKey)),
                        "invalid_audience",
                        "aud does not name demo-api"),
                new Refusal(
                        "another issuer",
                        grant -> push(set(
                                with(sessionRevoked(grant), "iss", "https://elsewhere.example/realms/x"),
                                h -> {},
                                realmKey)),
                        "invalid_issuer",
                        "iss is https://elsewhere.example/realms/x"),
                new Refusal(
                        "no jti",
                        grant -> push(set(without(sessionRevoked(grant), "jti"), h -> {}, realmKey)),
                        "invalid_request",
                        "no jti"),
                new Refusal(
                        "a subject without the grant as its session",
                        grant -> push(set(
                                with(sessionRevoked(grant), "sub_id", Map.of("format", "opaque", "id", grant)),
                                h -> {},
                                realmKey)),
                        "invalid_request",
                        "no session.id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachBrokenRuleIsRefusedWith400AndChangesNothing(Refusal refusal) throws Exception {
        String grant = "grant-" + UUID.randomUUID();
        String token = activeToken(grant);
        assertThat(callApi(token).statusCode()).isEqualTo(200);

        HttpResponse<String> response = refusal.push().send(grant);

        // RFC 8935 §2.3: 400 and a JSON object with err and description.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("err").asText()).as(response.body()).isEqualTo(refusal.err());
        assertThat(body.path("description").asText()).contains(refusal.description());
        api.awaitLine(
                Pattern.compile(
                        "^POST /ssf/events -> 400 " + refusal.err() + ": .*" + Pattern.quote(refusal.description())),
                Duration.ofSeconds(10));
        assertThat(callApi(token).statusCode()).isEqualTo(200);
        assertThat(introspectionsOf(token)).as("the kept answer is still used").hasSize(1);
    }

    @Test
    void aRepeatedSetIsAcceptedAgainAndNotTakenTwice() throws Exception {
        String set = set(sessionRevoked("grant-repeated"), header -> {}, realmKey);
        String jti = JSON.readTree(Base64URL.from(set.split("\\.")[1]).decodeToString())
                .path("jti")
                .asText();

        assertThat(push(set).statusCode()).isEqualTo(202);
        assertThat(push(set).statusCode())
                .as("RFC 8935 §2.2: the same SET again")
                .isEqualTo(202);

        api.awaitLine(
                Pattern.compile("^POST /ssf/events -> 202: SET " + Pattern.quote(jti) + " again, already taken$"),
                Duration.ofSeconds(10));
    }

    @Test
    void onlyPostIsTaken() throws Exception {
        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(URI.create(events)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The SET the realm sends when a grant is revoked (docs/wire-contract.md): SSF complex subject, CAEP event. */
    private static Map<String, Object> sessionRevoked(String grantId) {
        Map<String, Object> claims = claims(grantId);
        claims.put(
                "events",
                Map.of(
                        SESSION_REVOKED,
                        Map.of(
                                "event_timestamp",
                                Instant.now().getEpochSecond(),
                                "initiating_entity",
                                "system",
                                "reason_admin",
                                Map.of("en", "revoked_by_agent"))));
        return claims;
    }

    private static Map<String, Object> claims(String grantId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("aud", "demo-api");
        claims.put(
                "sub_id",
                Map.of(
                        "format",
                        "complex",
                        "session",
                        Map.of("format", "opaque", "id", grantId),
                        "user",
                        Map.of("format", "iss_sub", "iss", issuer, "sub", "alice-id")));
        return claims;
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        claims.put(name, value);
        return claims;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        claims.remove(name);
        return claims;
    }

    /** A SET signed by {@code key} (RS256 for RSA, ES256 for EC) with typ secevent+jwt and its kid. */
    private static String set(Map<String, Object> claims, Consumer<JWSHeader.Builder> header, Object key)
            throws Exception {
        JWSAlgorithm alg = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        String kid = key instanceof RSAKey rsa ? rsa.getKeyID() : ((ECKey) key).getKeyID();
        JWSHeader.Builder builder = new JWSHeader.Builder(alg)
                .type(new JOSEObjectType("secevent+jwt"))
                .keyID(kid);
        header.accept(builder);
        JWSObject jws = new JWSObject(builder.build(), new Payload(JSON.writeValueAsString(claims)));
        jws.sign(signer);
        return jws.serialize();
    }

    private static String unsecured(Map<String, Object> claims) throws Exception {
        return b64(JSON.writeValueAsBytes(Map.of("alg", "none", "typ", "secevent+jwt"))) + "."
                + b64(JSON.writeValueAsBytes(claims)) + ".";
    }

    private static String hmac(Map<String, Object> claims) throws Exception {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("secevent+jwt"))
                        .keyID("realm-rs256")
                        .build(),
                new Payload(JSON.writeValueAsString(claims)));
        jws.sign(new MACSigner(new byte[32]));
        return jws.serialize();
    }

    private static HttpResponse<String> push(String set) throws Exception {
        return push(set, AUTHORIZATION, "application/secevent+jwt");
    }

    /** RFC 8935 §2: POST the SET, as the realm does. */
    private static HttpResponse<String> push(String set, String authorization, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(events))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(set));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An opaque task token of {@code grantId} that introspection says is active, bound to the agent key. */
    private static String activeToken(String grantId) throws Exception {
        String token = "task-" + UUID.randomUUID();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("iss", issuer);
        answer.put("sub", "alice-id");
        answer.put("username", "alice");
        answer.put("aud", "demo-api");
        answer.put("scope", "calendar.read");
        answer.put("act", Map.of("sub", "agent-sa", "client_id", "demo-agent"));
        answer.put("grant_id", grantId);
        answer.put("cnf", Map.of("jkt", agentKey.computeThumbprint().toString()));
        INTROSPECTION.put(token, JSON.writeValueAsString(answer));
        return token;
    }

    /** GET /calendar with the token in the DPoP scheme and a fresh proof (RFC 9449 §7.1). */
    private static HttpResponse<String> callApi(String token) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", "GET");
        claims.put("htu", resource);
        claims.put("iat", new Date().getTime() / 1000);
        claims.put("ath", b64(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))));
        JWSObject proof = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(agentKey.toPublicJWK())
                        .build(),
                new Payload(JSON.writeValueAsString(claims)));
        proof.sign(new ECDSASigner(agentKey));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(resource))
                        .GET()
                        .header("Authorization", "DPoP " + token)
                        .header("DPoP", proof.serialize())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<StubServer.Request> introspectionsOf(String token) {
        return keycloak.requests(INTROSPECT).stream()
                .filter(request -> token.equals(request.form().get("token")))
                .toList();
    }

    private static String b64(byte[] bytes) {
        return Base64URL.encode(bytes).toString();
    }
}
