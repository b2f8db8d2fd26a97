package dev.agentgrant.keycloak.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentgrant.demo.evidence.DemoEvidence;
import dev.agentgrant.keycloak.testing.ToolProgram;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the demo resource server (the demo tools' {@code api}) in a process of its own, as the walkthrough starts it,
 * against a stand-in for Keycloak's discovery and token introspection, and sends it requests as an agent would: a
 * DPoP-bound token with a proof made here with Nimbus, or by the evidence tool's {@code dpop}. Each rule of RFC 9449 §4.3 and §7.1
 * the API enforces is broken once, and the checks of introspection's answer (RFC 7662 §2.2) likewise.
 */
class DemoApiTest {

    private static final String REALM_PATH = "/realms/agent-grant-demo";
    private static final String INTROSPECT = "POST " + REALM_PATH + "/protocol/openid-connect/token/introspect";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StubServer keycloak;
    private static ToolProgram api;
    private static String resource;
    private static String issuer;
    private static ECKey agentKey;
    private static ECKey otherKey;
    /** token → what introspection answers for it; every other token is inactive. */
    private static final Map<String, String> INTROSPECTION = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTheApi() throws Exception {
        agentKey = new ECKeyGenerator(Curve.P_256).generate();
        otherKey = new ECKeyGenerator(Curve.P_256).generate();
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
        keycloak.on(
                INTROSPECT,
                request -> StubServer.Reply.of(
                        200, INTROSPECTION.getOrDefault(request.form().get("token"), "{\"active\":false}")));
        api = ToolProgram.start("api", "--port", "0", "--url", keycloak.url());
        resource = api.awaitLine(Pattern.compile("^demo-api listening on (\\S+)$"), Duration.ofMinutes(2))
                .group(1);
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
    void aBoundTokenWithItsProofReadsTheCalendarAndTheAnswerSaysWhoActsForWhom() throws Exception {
        String token = token(agentKey, claims -> {});

        HttpResponse<String> response = call("DPoP " + token, proof(agentKey, "GET", resource, token, p -> {}));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("sub").asText()).isEqualTo("alice-id");
        assertThat(answer.path("username").asText()).as("from introspection").isEqualTo("alice");
        assertThat(answer.path("act").path("client_id").asText()).isEqualTo("demo-agent");
        assertThat(answer.path("scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(answer.path("grant_id").asText()).isEqualTo("grant-1");
        assertThat(answer.path("attestation").path("sources").toString()).isEqualTo("[\"spire\",\"k8s\",\"build\"]");
        // RFC 7662 §2.1, authenticated as demo-api (client_secret_basic).
        StubServer.Request introspection = introspectionsOf(token).get(0);
        assertThat(introspection.header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString("demo-api:demo-api-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(introspection.form()).containsEntry("token_type_hint", "access_token");
        api.awaitLine(
                Pattern.compile(
                        "GET /calendar -> 200 sub=alice-id \\(alice\\) act=\\{[^}]*\"client_id\":\"demo-agent\""),
                Duration.ofSeconds(10));
    }

    @Test
    void aSubAgentsHopTokenReadsTheCalendarAndTheAnswerNamesTheSubAgentOutermost() throws Exception {
        // docs/wire-contract.md "Sub-agent chains": the sub-agent's token, bound to its own key, with the agent that
        // handed it the task nested in act (RFC 8693 §4.1) and delegation_hops 1.
        ECKey subAgentKey = new ECKeyGenerator(Curve.P_256).generate();
        String token = token(subAgentKey, claims -> {
            claims.put("azp", "demo-calendar-helper");
            claims.put("scope", "calendar.read");
            // In the order Keycloak writes it (the holder's members, then the nested act), so the log line is stable.
            Map<String, Object> act = new LinkedHashMap<>();
            act.put("sub", "helper-sa");
            act.put("client_id", "demo-calendar-helper");
            act.put("act", Map.of("sub", "agent-sa", "client_id", "demo-agent"));
            claims.put("act", act);
            claims.put("delegation_hops", 1);
            claims.put("grant_id", "grant-hop");
        });

        HttpResponse<String> response = call("DPoP " + token, proof(subAgentKey, "GET", resource, token, p -> {}));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("message").asText()).contains("the agent in act.act handed to it");
        assertThat(answer.path("act").path("client_id").asText()).isEqualTo("demo-calendar-helper");
        assertThat(answer.path("act").path("act").path("client_id").asText()).isEqualTo("demo-agent");
        assertThat(answer.path("delegation_hops").asInt()).isEqualTo(1);
        assertThat(answer.path("scope").asText()).isEqualTo("calendar.read");
        api.awaitLine(
                Pattern.compile("GET /calendar -> 200 sub=alice-id \\(alice\\) act=\\{.*\"demo-calendar-helper\".*"
                        + "\"demo-agent\".* delegation_hops=1 scope=\"calendar.read\" grant_id=grant-hop"),
                Duration.ofSeconds(10));

        // The same token with a proof by the agent's key, not the sub-agent's: refused (RFC 9449 §7.1, cnf.jkt).
        HttpResponse<String> wrongKey = call("DPoP " + token, proof(agentKey, "GET", resource, token, p -> {}));
        assertThat(wrongKey.statusCode()).as(wrongKey.body()).isEqualTo(401);
    }

    @Test
    void theAnswerComesFromIntrospectionEvenForATokenThatIsNoJwt() throws Exception {
        // RFC 7662 §2.2: the resource server learns about the token from introspection, so an opaque token works too.
        String token = "opaque-" + UUID.randomUUID();
        Map<String, Object> claims = taskTokenClaims(agentKey);
        claims.put("grant_id", "grant-2");
        INTROSPECTION.put(token, JSON.writeValueAsString(activeAnswer(claims)));

        HttpResponse<String> response = call("DPoP " + token, proof(agentKey, "GET", resource, token, p -> {}));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("sub").asText()).isEqualTo("alice-id");
        assertThat(answer.path("username").asText()).isEqualTo("alice");
        assertThat(answer.path("act").path("sub").asText()).isEqualTo("agent-sa");
        assertThat(answer.path("grant_id").asText()).isEqualTo("grant-2");
        assertThat(answer.path("attestation").path("sources").toString()).isEqualTo("[\"spire\",\"k8s\",\"build\"]");
    }

    @Test
    void theTokensOwnPayloadIsNotBelievedWhereIntrospectionSaysOtherwise() throws Exception {
        String token = token(agentKey, claims -> claims.put("grant_id", "grant-as-introspection-says"));

        HttpResponse<String> response = call("DPoP " + token, proof(agentKey, "GET", resource, token, p -> {}));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("grant_id").asText()).isEqualTo("grant-as-introspection-says");
    }

    @Test
    void aProofFromTheEvidenceToolWithTheDemoInstanceKeyIsAccepted() throws Exception {
        ECKey instanceKey = JWK.parse(Files.readString(Path.of("realm-exports/demo-evidence/instance-key.json")))
                .toECKey();
        String token = token(instanceKey, claims -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DemoEvidence.run(
                new String[] {
                    "dpop",
                    "--method",
                    "GET",
                    "--url",
                    resource,
                    "--access-token",
                    token,
                    "--dir",
                    "realm-exports/demo-evidence"
                },
                InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String proof = out.toString(StandardCharsets.UTF_8).strip();

        HttpResponse<String> response = call("DPoP " + token, proof);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aProofIsAcceptedOnce() throws Exception {
        String token = token(agentKey, claims -> {});
        String proof = proof(agentKey, "GET", resource, token, p -> {});

        assertThat(call("DPoP " + token, proof).statusCode()).isEqualTo(200);
        HttpResponse<String> again = call("DPoP " + token, proof);

        assertRefused(again, 401, "invalid_dpop_proof", "the proof was used before");
    }

    @Test
    void aRequestWithoutATokenGetsAChallengeWithoutAnErrorCodeThatNamesTheMetadata() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(resource)).GET().build(), HttpResponse.BodyHandlers.ofString());

        // RFC 6750 §3.1: no error code when the request carried no credentials; RFC 9728 §5.1: where the metadata is.
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("DPoP algs=\"ES256\", resource_metadata=\"" + metadataUrl() + "\"");
    }

    // ------------------------------------------------------------------------------------------ RFC 9728 metadata

    @Test
    void theMetadataAtTheWellKnownUriNamesTheResourceTheRealmItsScopesAndDpop() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(metadataUrl())).GET().build(), HttpResponse.BodyHandlers.ofString());

        // RFC 9728 §3.2: 200, application/json; §3.3: resource is the identifier the URL was made from.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode metadata = JSON.readTree(response.body());
        assertThat(metadata.path("resource").asText()).isEqualTo(resource);
        assertThat(metadata.path("authorization_servers").toString()).isEqualTo("[\"" + issuer + "\"]");
        assertThat(metadata.path("scopes_supported").toString()).isEqualTo("[\"calendar.read\",\"calendar.write\"]");
        assertThat(metadata.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        assertThat(metadata.path("dpop_signing_alg_values_supported").toString())
                .isEqualTo("[\"ES256\"]");
        assertThat(metadata.path("dpop_bound_access_tokens_required").asBoolean())
                .isTrue();
        assertThat(metadata.path("authorization_details_types_supported").toString())
                .isEqualTo("[\"agent_task\"]");
        assertThat(metadata.path("resource_name").asText()).isEqualTo("Demo API");
        assertThat(metadata.path("agent_grant_audience").asText()).isEqualTo("demo-api");
        api.awaitLine(
                Pattern.compile("^  resource metadata \\(RFC 9728\\): " + Pattern.quote(metadataUrl()) + "$"),
                Duration.ofSeconds(10));
    }

    @Test
    void onlyTheResourcesOwnMetadataPathIsServedAndOnlyToGet() throws Exception {
        String root = resource.replace("/calendar", "/.well-known/oauth-protected-resource");
        for (String url : List.of(root, root + "/payments", metadataUrl() + "/x")) {
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as(url)
                    .isEqualTo(404);
        }
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create(metadataUrl()))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    // ------------------------------------------------------------------------------------------ refused

    /** One way to get it wrong: the request to send, and what the API must answer. */
    record Refusal(
            String name,
            Supplier<List<String>> request,
            int status,
            String error,
            String description,
            boolean introspected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                proofRefusal(
                        "the token in the Bearer scheme",
                        token -> List.of("Bearer " + token, proof(agentKey, "GET", resource, token, p -> {})),
                        401,
                        "invalid_token",
                        "DPoP scheme"),
                proofRefusal(
                        "no DPoP header",
                        token -> List.of("DPoP " + token),
                        401,
                        "invalid_dpop_proof",
                        "no DPoP proof"),
                proofRefusal(
                        "two DPoP headers",
                        token -> List.of(
                                "DPoP " + token,
                                proof(agentKey, "GET", resource, token, p -> {}),
                                proof(agentKey, "GET", resource, token, p -> {})),
                        401,
                        "invalid_dpop_proof",
                        "more than one DPoP header"),
                proofRefusal(
                        "a proof for POST",
                        token -> request(token, proof(agentKey, "POST", resource, token, p -> {})),
                        401,
                        "invalid_dpop_proof",
                        "htm is not GET"),
                proofRefusal(
                        "a proof for another URL",
                        token -> request(
                                token,
                                proof(agentKey, "GET", resource.replace("/calendar", "/payments"), token, p -> {})),
                        401,
                        "invalid_dpop_proof",
                        "htu is not"),
                proofRefusal(
                        "a proof naming another token",
                        token -> request(token, proof(agentKey, "GET", resource, token + "x", p -> {})),
                        401,
                        "invalid_dpop_proof",
                        "ath is not the hash of the access token"),
                proofRefusal(
                        "a proof without ath",
                        token -> request(token, proof(agentKey, "GET", resource, null, p -> {})),
                        401,
                        "invalid_dpop_proof",
                        "ath is not the hash"),
                proofRefusal(
                        "a proof from two minutes ago",
                        token -> request(
                                token,
                                proof(
                                        agentKey,
                                        "GET",
                                        resource,
                                        token,
                                        p -> p.issueTime(Date.from(Instant.now().minusSeconds(120))))),
                        401,
                        "invalid_dpop_proof",
                        "iat"),
                proofRefusal(
                        "a proof from a minute ahead",
                        token -> request(
                                token,
                                proof(
                                        agentKey,
                                        "GET",
                                        resource,
                                        token,
                                        p -> p.issueTime(Date.from(Instant.now().plusSeconds(60))))),
                        401,
                        "invalid_dpop_proof",
                        "iat"),
                proofRefusal(
                        "a proof without jti",
                        token -> request(token, proof(agentKey, "GET", resource, token, p -> p.jwtID(null))),
                        401,
                        "invalid_dpop_proof",
                        "no jti"),
                proofRefusal(
                        "a proof of typ JWT",
                        token -> request(
                                token,
                                signed(
                                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                                .type(JOSEObjectType.JWT)
                                                .jwk(agentKey.toPublicJWK())
                                                .build(),
                                        proofClaims("GET", resource, token),
                                        agentKey)),
                        401,
                        "invalid_dpop_proof",
                        "typ is not dpop+jwt"),
                proofRefusal(
                        "a proof MACed with HS256",
                        token -> request(token, hmacProof(token)),
                        401,
                        "invalid_dpop_proof",
                        "alg is not ES256"),
                proofRefusal(
                        "a proof whose jwk holds the private key",
                        token -> request(
                                token,
                                signedWithHeader(
                                        Map.of("typ", "dpop+jwt", "alg", "ES256", "jwk", agentKey.toJSONObject()),
                                        proofClaims("GET", resource, token),
                                        agentKey)),
                        401,
                        "invalid_dpop_proof",
                        "holds a private key"),
                proofRefusal(
                        "a proof whose signature is not by its jwk",
                        token -> request(
                                token,
                                signed(
                                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                                                .type(new JOSEObjectType("dpop+jwt"))
                                                .jwk(agentKey.toPublicJWK())
                                                .build(),
                                        proofClaims("GET", resource, token),
                                        otherKey)),
                        401,
                        "invalid_dpop_proof",
                        "signature does not verify"),
                proofRefusal(
                        "a proof with a changed claim",
                        token -> request(token, changed(proof(agentKey, "GET", resource, token, p -> {}))),
                        401,
                        "invalid_dpop_proof",
                        "signature does not verify"),
                // Past the proof: introspection is asked.
                tokenRefusal(
                        "a valid proof by another key than the token's",
                        claims -> {},
                        otherKey,
                        401,
                        "invalid_dpop_proof",
                        "another key than the one the token is bound to"),
                tokenRefusal(
                        "a token for another audience",
                        claims -> claims.put("aud", "payments-api"),
                        agentKey,
                        401,
                        "invalid_token",
                        "not meant for demo-api"),
                tokenRefusal(
                        "a token without calendar.read",
                        claims -> claims.put("scope", "calendar.write"),
                        agentKey,
                        403,
                        "insufficient_scope",
                        "lacks the scope calendar.read"),
                tokenRefusal(
                        "a token that is not DPoP-bound",
                        claims -> claims.remove("cnf"),
                        agentKey,
                        401,
                        "invalid_token",
                        "not DPoP-bound"),
                tokenRefusal(
                        "a token of another issuer",
                        claims -> claims.put("iss", "https://elsewhere.example/realms/x"),
                        agentKey,
                        401,
                        "invalid_token",
                        "another issuer"),
                new Refusal(
                        "an inactive token",
                        () -> {
                            String token = token(agentKey, claims -> {});
                            INTROSPECTION.put(token, "{\"active\":false}");
                            return request(token, proof(agentKey, "GET", resource, token, p -> {}));
                        },
                        401,
                        "invalid_token",
                        "not active",
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void eachBrokenRuleIsRefusedWithAChallenge(Refusal refusal) throws Exception {
        List<String> request = refusal.request().get();
        String token = request.get(0).substring(request.get(0).indexOf(' ') + 1);

        HttpResponse<String> response =
                call(request.get(0), request.subList(1, request.size()).toArray(String[]::new));

        assertRefused(response, refusal.status(), refusal.error(), refusal.description());
        assertThat(introspectionsOf(token)).as("token introspection asked").hasSize(refusal.introspected() ? 1 : 0);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Refusal proofRefusal(
            String name,
            java.util.function.Function<String, List<String>> request,
            int status,
            String error,
            String description) {
        return new Refusal(name, () -> request.apply(token(agentKey, claims -> {})), status, error, description, false);
    }

    private static Refusal tokenRefusal(
            String name,
            Consumer<Map<String, Object>> change,
            ECKey proofKey,
            int status,
            String error,
            String description) {
        return new Refusal(
                name,
                () -> {
                    String token = token(agentKey, change);
                    return request(token, proof(proofKey, "GET", resource, token, p -> {}));
                },
                status,
                error,
                description,
                true);
    }

    private static List<String> request(String token, String proof) {
        return List.of("DPoP " + token, proof);
    }

    /**
     * A task token as Keycloak mints it, bound to {@code boundKey} ({@code cnf.jkt}), registered as active with the
     * stand-in introspection. {@code change} alters only what introspection answers — the token's own payload keeps the
     * claims as minted — so every refusal after introspection shows that the API goes by introspection's answer. The
     * API never checks the token's signature itself: it trusts introspection for that.
     */
    private static String token(ECKey boundKey, Consumer<Map<String, Object>> change) {
        try {
            Map<String, Object> claims = taskTokenClaims(boundKey);
            String token = b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "DPoP"))) + "."
                    + b64(JSON.writeValueAsBytes(claims)) + ".c2lnbmF0dXJl";
            change.accept(claims);
            INTROSPECTION.put(token, JSON.writeValueAsString(activeAnswer(claims)));
            return token;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> taskTokenClaims(ECKey boundKey) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "alice-id");
        claims.put("aud", "demo-api");
        claims.put("azp", "demo-agent");
        claims.put("typ", "DPoP");
        claims.put("scope", "calendar.read calendar.write");
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("act", Map.of("sub", "agent-sa", "client_id", "demo-agent"));
        claims.put("grant_id", "grant-1");
        claims.put("attestation", Map.of("sources", List.of("spire", "k8s", "build")));
        claims.put("cnf", Map.of("jkt", boundKey.computeThumbprint().toString()));
        return claims;
    }

    /** What Keycloak answers the token's audience for an active task token: its claims and RFC 7662 §2.2 members. */
    private static Map<String, Object> activeAnswer(Map<String, Object> claims) {
        Map<String, Object> answer = new LinkedHashMap<>(claims);
        answer.put("client_id", claims.get("azp"));
        answer.put("username", "alice");
        answer.put("token_type", claims.get("typ"));
        answer.put("active", true);
        return answer;
    }

    /** RFC 9449 §4.2 with Nimbus: typ dpop+jwt, ES256, the public JWK; {@code ath} unless {@code token} is null. */
    private static String proof(
            ECKey key, String method, String url, String token, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(proofClaims(method, url, token));
        change.accept(claims);
        return signed(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims.build(),
                key);
    }

    private static JWTClaimsSet proofClaims(String method, String url, String token) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", url)
                .issueTime(new Date());
        if (token != null) {
            try {
                claims.claim(
                        "ath",
                        b64(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return claims.build();
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims, ECKey key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWS with exactly this header, which Nimbus's header builder would not write (a private JWK, for one). */
    private static String signedWithHeader(Map<String, Object> header, JWTClaimsSet claims, ECKey key) {
        try {
            String input = b64(JSON.writeValueAsBytes(header)) + "."
                    + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
            byte[] signature = new ECDSASigner(key)
                    .sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII))
                    .decode();
            return input + "." + b64(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacProof(String token) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .type(new JOSEObjectType("dpop+jwt"))
                            .jwk(agentKey.toPublicJWK())
                            .build(),
                    proofClaims("GET", resource, token));
            jwt.sign(new MACSigner(new byte[32]));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same JWS with its htm claim spelled differently and the original signature kept. */
    private static String changed(String jws) {
        String[] parts = jws.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"htm\":\"GET\"");
        return parts[0] + "."
                + b64(claims.replace("\"htm\":\"GET\"", "\"htm\":\"GEt\"").getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static HttpResponse<String> call(String authorization, String... proofs) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(resource)).GET().header("Authorization", authorization);
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<StubServer.Request> introspectionsOf(String token) {
        return keycloak.requests(INTROSPECT).stream()
                .filter(request -> token.equals(request.form().get("token")))
                .toList();
    }

    /** RFC 6750 §3 and RFC 9449 §7.1: the status, a DPoP challenge naming the error, the same error in the body. */
    private static void assertRefused(HttpResponse<String> response, int status, String error, String description)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).as(response.body()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).contains(description);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .singleElement()
                .satisfies(challenge -> {
                    assertThat(challenge).startsWith("DPoP algs=\"ES256\", error=\"" + error + "\"");
                    assertThat(challenge).endsWith(", resource_metadata=\"" + metadataUrl() + "\"");
                    assertThat(challenge).matches("[\\x20-\\x7e]+");
                });
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    /** RFC 9728 §3.1: the well-known suffix between host and path of the resource identifier. */
    private static String metadataUrl() {
        return resource.replace("/calendar", "/.well-known/oauth-protected-resource/calendar");
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
