package dev.agentgrant.keycloak.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.presentation.PresentationVerifier;
import dev.agentgrant.keycloak.attestation.presentation.VerifiedPresentation;
import dev.agentgrant.keycloak.testing.ToolProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo agent (the demo tools' {@code agent}) in a process of its own from the project root, as the walkthrough starts it, against a stand-in for Keycloak and the demo
 * API that answers as they should, and checks what the agent sends: RFC 8628 pacing of its polls (interval, and
 * 5 s more after slow_down), presentations and DPoP proofs signed by the demo instance key for each call, the
 * calls of each step, and the exit code. The real Keycloak and demo API are EndToEndBrowserIT's.
 */
class DemoAgentTest {

    private static final String REALM = "/realms/agent-grant-demo";
    private static final String TOKEN = "POST " + REALM + "/protocol/openid-connect/token";
    private static final String INTROSPECT = "POST " + REALM + "/protocol/openid-connect/token/introspect";
    private static final String REQUESTS = "POST " + REALM + "/agent-grant/requests";
    private static final String REVOKE = "POST " + REALM + "/agent-grant/grants/g-1/revoke";
    private static final String API = "GET /calendar";
    private static final String METADATA_PATH = "/.well-known/oauth-protected-resource/calendar";
    private static final String METADATA = "GET " + METADATA_PATH;
    private static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";
    private static final String HOP_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJoZWxwZXIifQ.c2ln";
    private static final String SUB_AGENT = "demo-calendar-helper";
    private static final Duration RUN = Duration.ofMinutes(2);

    @Test
    void aRoundAgainstServersThatBehaveIsPacedSignedAndEndsWithExitCode0() throws Exception {
        try (StubServer servers = new StubServer()) {
            String issuer = servers.url() + REALM;
            discovery(servers, 1);
            String subAgentCredentials = basic(SUB_AGENT, "demo-calendar-helper-secret");
            Function<StubServer.Request, StubServer.Reply> agentExchanges = inTurn(
                    StubServer.Reply.of(400, "{\"error\":\"authorization_pending\"}"),
                    StubServer.Reply.of(400, "{\"error\":\"slow_down\"}"),
                    StubServer.Reply.of(
                            200,
                            "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"DPoP\","
                                    + "\"expires_in\":300,\"scope\":\"calendar.read calendar.write\"}"),
                    StubServer.Reply.of(
                            400, "{\"error\":\"invalid_grant\",\"error_description\":\"The task grant was revoked\"}"));
            Function<StubServer.Request, StubServer.Reply> handOvers = inTurn(
                    StubServer.Reply.of(
                            200,
                            "{\"access_token\":\"" + HOP_TOKEN + "\",\"token_type\":\"DPoP\","
                                    + "\"expires_in\":290,\"scope\":\"calendar.read\"}"),
                    StubServer.Reply.of(
                            400,
                            "{\"error\":\"invalid_grant\",\"error_description\":\"The subject token is not an"
                                    + " active task token\"}"));
            servers.on(
                    TOKEN,
                    request -> subAgentCredentials.equals(request.header("Authorization"))
                            ? handOvers.apply(request)
                            : agentExchanges.apply(request));
            Function<StubServer.Request, StubServer.Reply> agentCallsApi = inTurn(
                    StubServer.Reply.of(200, "{\"sub\":\"alice-id\",\"act\":{\"client_id\":\"demo-agent\"}}"),
                    StubServer.Reply.of(
                            401, "{\"error\":\"invalid_token\",\"error_description\":\"the token is not active\"}"));
            Function<StubServer.Request, StubServer.Reply> subAgentCallsApi = inTurn(
                    StubServer.Reply.of(
                            200,
                            "{\"sub\":\"alice-id\",\"act\":{\"client_id\":\"demo-calendar-helper\","
                                    + "\"act\":{\"client_id\":\"demo-agent\"}},\"delegation_hops\":1}"),
                    StubServer.Reply.of(
                            401, "{\"error\":\"invalid_token\",\"error_description\":\"the token is not active\"}"));
            api(
                    servers,
                    request -> ("DPoP " + HOP_TOKEN).equals(request.header("Authorization"))
                            ? subAgentCallsApi.apply(request)
                            : agentCallsApi.apply(request));
            Function<StubServer.Request, StubServer.Reply> ofAgentToken = inTurn(
                    StubServer.Reply.of(200, "{\"active\":true,\"username\":\"alice\",\"token_type\":\"DPoP\"}"),
                    StubServer.Reply.of(200, "{\"active\":false}"));
            AtomicInteger hopIntrospections = new AtomicInteger();
            servers.on(INTROSPECT, request -> {
                if (!HOP_TOKEN.equals(request.form().get("token"))) {
                    return ofAgentToken.apply(request);
                }
                if (hopIntrospections.getAndIncrement() > 0) {
                    return StubServer.Reply.of(200, "{\"active\":false}");
                }
                // As Keycloak binds it: to the key of the sub-agent's DPoP proof at its exchange.
                String jkt = proofKeyThumbprint(servers.requests(TOKEN).stream()
                        .filter(call -> subAgentCredentials.equals(call.header("Authorization")))
                        .findFirst()
                        .orElseThrow()
                        .header("DPoP"));
                return StubServer.Reply.of(
                        200,
                        "{\"active\":true,\"username\":\"alice\",\"client_id\":\"demo-calendar-helper\","
                                + "\"scope\":\"calendar.read\",\"token_type\":\"DPoP\",\"cnf\":{\"jkt\":\"" + jkt
                                + "\"},"
                                + "\"act\":{\"sub\":\"helper-sa\",\"client_id\":\"demo-calendar-helper\","
                                + "\"act\":{\"sub\":\"agent-sa\",\"client_id\":\"demo-agent\"}},"
                                + "\"delegation_hops\":1,\"grant_id\":\"g-1\"}");
            });
            servers.on(REVOKE, 200, "{\"grant_id\":\"g-1\",\"status\":\"REVOKED\"}");

            int exit;
            String output;
            try (ToolProgram agent = agent(servers)) {
                exit = agent.awaitExit(RUN);
                output = agent.output();
            }

            assertThat(exit).as(output).isZero();
            assertThat(output)
                    .contains(
                            "resource       " + servers.url() + "/calendar (Stub API)",
                            "audience       demo-api",
                            "scope          calendar.read calendar.write",
                            "issuer         " + issuer,
                            "/agent-grant/verify?user_code=BCDF-GHJK",
                            "token_type     DPoP",
                            "active         false",
                            "status         400 invalid_grant (The task grant was revoked)",
                            "status         401 invalid_token",
                            "delegation_hops 1",
                            "act            {\"sub\":\"helper-sa\",\"client_id\":\"demo-calendar-helper\","
                                    + "\"act\":{\"sub\":\"agent-sa\",\"client_id\":\"demo-agent\"}}",
                            "scope          calendar.read",
                            "status         400 invalid_grant (The subject token is not an active task token)",
                            "Done:")
                    .doesNotContain("!! unexpected");

            // RFC 8628 §3.4–§3.5: the first poll an interval after the request, then the interval, then 5 s more.
            List<StubServer.Request> polls = servers.requests(TOKEN).stream()
                    .filter(call -> !subAgentCredentials.equals(call.header("Authorization")))
                    .toList();
            assertThat(polls).hasSize(4);
            assertThat(Duration.between(
                            servers.requests(REQUESTS).get(0).at(), polls.get(0).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(polls.get(0).at(), polls.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(polls.get(1).at(), polls.get(2).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(6));

            // Every request and exchange: the agent's credentials, a fresh presentation of the three sources by the
            // instance key; every exchange a DPoP proof for the token endpoint by that key.
            JWK instanceKey = JWK.parse(Files.readString(Path.of("realm-exports/demo-evidence/instance-key.json")))
                    .toPublicJWK();
            List<String> presentationIds = new ArrayList<>();
            List<StubServer.Request> agentCalls = new ArrayList<>(servers.requests(REQUESTS));
            agentCalls.addAll(polls);
            for (StubServer.Request call : agentCalls) {
                assertThat(call.header("Authorization")).isEqualTo(basic("demo-agent", "demo-agent-secret"));
                Map<String, String> form = call.form();
                assertThat(form).containsEntry("actor_token_type", "urn:agentgrant:token-type:attestation");
                // As of the moment it arrived: presentations live 30 s, and the round takes a while.
                VerifiedPresentation presentation = new PresentationVerifier(Clock.fixed(call.at(), ZoneOffset.UTC))
                        .verify(form.get("actor_token"), "demo-agent", issuer);
                assertThat(presentation.instanceKey().computeThumbprint()).isEqualTo(instanceKey.computeThumbprint());
                assertThat(presentation.evidence())
                        .extracting(EvidenceItem::source)
                        .containsExactly("spire", "k8s", "build", "runtime");
                // The runtime attester measured the very artifact the provenance is about.
                assertThat(runtimeDigest(presentation.evidence().get(3).value()))
                        .isEqualTo(provenanceSubjectDigest(
                                presentation.evidence().get(2).value()));
                presentationIds.add(presentation.jti());
            }
            assertThat(presentationIds).doesNotHaveDuplicates();
            assertThat(servers.requests(REQUESTS).get(0).form())
                    .containsEntry("audience", "demo-api")
                    .containsEntry("scope", "calendar.read calendar.write")
                    .containsEntry("login_hint", "alice");
            for (StubServer.Request poll : polls) {
                // RFC 8707 §2: the resource identifier the API's metadata published (RFC 9728 §2).
                assertThat(poll.form())
                        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                        .containsEntry("subject_token", "g-1")
                        .containsEntry("subject_token_type", "urn:agentgrant:token-type:task-grant")
                        .containsEntry("resource", servers.url() + "/calendar");
                assertProof(poll.header("DPoP"), instanceKey, "POST", issuer + "/protocol/openid-connect/token", null);
            }

            // Discovery first asked the resource without a token (RFC 9728 §5.1). Then the resource server sees the
            // token in the DPoP scheme with a proof naming it; introspection and the revocation go out with the
            // credentials of demo-api and of the agent.
            assertThat(servers.requests(API).get(0).header("Authorization")).isNull();
            assertThat(servers.requests(API).get(0).at())
                    .isBefore(servers.requests(REQUESTS).get(0).at());
            List<StubServer.Request> withToken = withToken(servers.requests(API)).stream()
                    .filter(call -> ("DPoP " + ACCESS_TOKEN).equals(call.header("Authorization")))
                    .toList();
            for (StubServer.Request call : withToken) {
                assertThat(call.header("Authorization")).isEqualTo("DPoP " + ACCESS_TOKEN);
                assertProof(call.header("DPoP"), instanceKey, "GET", servers.url() + "/calendar", ACCESS_TOKEN);
            }
            assertThat(withToken).hasSize(2);
            assertThat(servers.requests(INTROSPECT))
                    .hasSize(4)
                    .allSatisfy(call ->
                            assertThat(call.header("Authorization")).isEqualTo(basic("demo-api", "demo-api-secret")));
            assertThat(servers.requests(INTROSPECT).stream()
                            .map(call -> call.form().get("token")))
                    .containsExactly(ACCESS_TOKEN, HOP_TOKEN, ACCESS_TOKEN, HOP_TOKEN);
            assertThat(servers.requests(REVOKE))
                    .singleElement()
                    .satisfies(call -> assertThat(call.header("Authorization"))
                            .isEqualTo(basic("demo-agent", "demo-agent-secret")));

            // The hand-over (docs/wire-contract.md, "Sub-agent chains"): as the sub-agent, the agent's token as the
            // subject, the sub-agent's own presentation (its own evidence and key, not the agent's) and a DPoP proof by
            // that same key; once before the revocation, once after.
            List<StubServer.Request> handOverCalls = servers.requests(TOKEN).stream()
                    .filter(call -> subAgentCredentials.equals(call.header("Authorization")))
                    .toList();
            assertThat(handOverCalls).hasSize(2);
            JWK subAgentKey = null;
            for (StubServer.Request call : handOverCalls) {
                assertThat(call.form())
                        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                        .containsEntry("subject_token", ACCESS_TOKEN)
                        .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
                        .containsEntry("actor_token_type", "urn:agentgrant:token-type:attestation")
                        .containsEntry("scope", "calendar.read")
                        .containsEntry("resource", servers.url() + "/calendar");
                VerifiedPresentation presentation = new PresentationVerifier(Clock.fixed(call.at(), ZoneOffset.UTC))
                        .verify(call.form().get("actor_token"), SUB_AGENT, issuer);
                assertThat(presentation.instanceKey().computeThumbprint())
                        .isNotEqualTo(instanceKey.computeThumbprint());
                assertThat(presentation.evidence())
                        .extracting(EvidenceItem::source)
                        .containsExactly("spire", "k8s");
                assertThat(JSON.readTree(Base64.getUrlDecoder()
                                        .decode(presentation
                                                .evidence()
                                                .get(0)
                                                .value()
                                                .split("\\.")[1]))
                                .path("sub")
                                .asText())
                        .isEqualTo("spiffe://example.org/agents/calendar-helper");
                if (subAgentKey == null) {
                    subAgentKey = presentation.instanceKey();
                }
                assertThat(presentation.instanceKey().computeThumbprint()).isEqualTo(subAgentKey.computeThumbprint());
                assertProof(call.header("DPoP"), subAgentKey, "POST", issuer + "/protocol/openid-connect/token", null);
                presentationIds.add(presentation.jti());
            }
            assertThat(presentationIds).doesNotHaveDuplicates();
            List<StubServer.Request> subAgentApiCalls = servers.requests(API).stream()
                    .filter(call -> ("DPoP " + HOP_TOKEN).equals(call.header("Authorization")))
                    .toList();
            assertThat(subAgentApiCalls).hasSize(2);
            for (StubServer.Request call : subAgentApiCalls) {
                assertProof(call.header("DPoP"), subAgentKey, "GET", servers.url() + "/calendar", HOP_TOKEN);
            }
        }
    }

    @Test
    void aRefusedHandOverIsReportedAndExitCode1() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            String subAgentCredentials = basic(SUB_AGENT, "demo-calendar-helper-secret");
            StubServer.Reply token = StubServer.Reply.of(
                    200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"DPoP\",\"expires_in\":300}");
            servers.on(
                    TOKEN,
                    request -> subAgentCredentials.equals(request.header("Authorization"))
                            ? StubServer.Reply.of(
                                    400,
                                    "{\"error\":\"actor_unauthorized\",\"error_description\":\"The person did not let"
                                            + " the task be handed to this agent\"}")
                            : token);
            api(servers, request -> StubServer.Reply.of(200, "{\"sub\":\"alice-id\"}"));
            servers.on(INTROSPECT, 200, "{\"active\":true}");

            try (ToolProgram agent = agent(servers)) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output())
                        .contains("POST           " + servers.url() + REALM
                                + "/protocol/openid-connect/token as demo-calendar-helper -> 400")
                        .contains("demo-agent: the sub-agent's token exchange: HTTP 400 actor_unauthorized");
            }
            assertThat(servers.requests(REVOKE)).isEmpty();
        }
    }

    @Test
    void aResourceServerThatHearsOfTheRevocationByPushAMomentLaterIsCalledAgainUntilItRefuses() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            servers.on(
                    TOKEN,
                    inTurn(
                            StubServer.Reply.of(
                                    200,
                                    "{\"access_token\":\"" + ACCESS_TOKEN
                                            + "\",\"token_type\":\"DPoP\",\"expires_in\":300}"),
                            StubServer.Reply.of(400, "{\"error\":\"invalid_grant\"}")));
            // Step 5, then twice the kept answer after the revocation, then the refusal once the push arrived.
            api(
                    servers,
                    inTurn(
                            StubServer.Reply.of(200, "{\"sub\":\"alice-id\"}"),
                            StubServer.Reply.of(200, "{\"sub\":\"alice-id\"}"),
                            StubServer.Reply.of(200, "{\"sub\":\"alice-id\"}"),
                            StubServer.Reply.of(
                                    401,
                                    "{\"error\":\"invalid_token\",\"error_description\":\"the token is not active\"}")));
            servers.on(
                    INTROSPECT,
                    inTurn(
                            StubServer.Reply.of(200, "{\"active\":true}"),
                            StubServer.Reply.of(200, "{\"active\":false}")));
            servers.on(REVOKE, 200, "{\"status\":\"REVOKED\"}");

            try (ToolProgram agent = agent(servers, "--sub-agent", "")) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isZero();
                assertThat(agent.output())
                        .contains(
                                "status         200 (demo-api still keeps the answer of step 5 until the realm's push")
                        .containsPattern(
                                "status         401 invalid_token \\(the token is not active\\), \\d+\\.\\d s after"
                                        + " the first call")
                        .contains("Done:");
            }
            List<StubServer.Request> calls = withToken(servers.requests(API));
            assertThat(calls).hasSize(4);
            // A fresh proof for every call (RFC 9449 §11.1), a pause between them.
            assertThat(calls.stream().map(call -> call.header("DPoP")).distinct())
                    .hasSize(4);
            assertThat(Duration.between(calls.get(2).at(), calls.get(3).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void aDenialEndsTheRoundWithExitCode1AndSaysSo() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            servers.on(
                    TOKEN, 400, "{\"error\":\"access_denied\",\"error_description\":\"The person denied the task\"}");

            try (ToolProgram agent = agent(servers)) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output()).contains("demo-agent: the person denied the task: HTTP 400 access_denied");
            }
            assertThat(servers.requests(TOKEN)).hasSize(1);
            assertThat(withToken(servers.requests(API))).isEmpty();
        }
    }

    @Test
    void aRevocationThatLeavesTheTokenActiveIsReportedAndExitCode1() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            servers.on(
                    TOKEN,
                    inTurn(
                            StubServer.Reply.of(
                                    200,
                                    "{\"access_token\":\"" + ACCESS_TOKEN
                                            + "\",\"token_type\":\"DPoP\",\"expires_in\":300}"),
                            StubServer.Reply.of(400, "{\"error\":\"invalid_grant\"}")));
            api(servers, request -> StubServer.Reply.of(200, "{\"sub\":\"alice-id\"}"));
            servers.on(INTROSPECT, 200, "{\"active\":true}");
            servers.on(REVOKE, 200, "{\"status\":\"REVOKED\"}");

            try (ToolProgram agent = agent(servers, "--sub-agent", "")) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output())
                        .contains(
                                "The round did not go as the demo expects:",
                                "- introspection still says active true for a token of a revoked grant",
                                "- demo-api answered 200, not 401, to a token of a revoked grant");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ discovery

    @Test
    void metadataAboutAnotherResourceStopsTheAgentBeforeItAsksForAnything() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            servers.on(METADATA, 200, metadata(servers.url() + "/payments", servers.url() + REALM));
            api(servers, request -> StubServer.Reply.of(500, "{}"));

            try (ToolProgram agent = agent(servers)) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output())
                        .contains("is about " + servers.url() + "/payments, not " + servers.url() + "/calendar")
                        .contains("RFC 9728, section 3.3");
            }
            assertThat(servers.requests(REQUESTS)).isEmpty();
            assertThat(servers.requests(TOKEN)).isEmpty();
        }
    }

    @Test
    void withoutAChallengeTheAgentReadsTheWellKnownUriOfTheResource() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            servers.on(API, 401, "{\"error\":\"invalid_request\"}");
            servers.on(TOKEN, 400, "{\"error\":\"access_denied\"}");

            try (ToolProgram agent = agent(servers)) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output())
                        .contains("401 without resource_metadata: the well-known URI")
                        .contains("metadata       " + servers.url() + "/.well-known/oauth-protected-resource/calendar")
                        .contains("the person denied the task");
            }
            assertThat(servers.requests(METADATA)).hasSize(1);
            assertThat(servers.requests(REQUESTS)).hasSize(1);
        }
    }

    @Test
    void providerMetadataNamingAnotherIssuerStopsTheAgent() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            api(servers, request -> StubServer.Reply.of(500, "{}"));
            servers.on(
                    "GET " + REALM + "/.well-known/openid-configuration",
                    200,
                    "{\"issuer\":\"https://elsewhere.example/realms/x\",\"token_endpoint\":\"https://elsewhere.example/t\","
                            + "\"introspection_endpoint\":\"https://elsewhere.example/i\"}");

            try (ToolProgram agent = agent(servers)) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output()).contains("names the issuer https://elsewhere.example/realms/x");
            }
            assertThat(servers.requests(REQUESTS)).isEmpty();
        }
    }

    @Test
    void givenOptionsOverrideWhatTheMetadataSays() throws Exception {
        try (StubServer servers = new StubServer()) {
            discovery(servers, 1);
            // The metadata names a realm nobody serves, another audience and other scopes: the options win.
            servers.on(
                    METADATA,
                    200,
                    metadata(servers.url() + "/calendar", "http://127.0.0.1:9/realms/nowhere")
                            .replace("\"demo-api\"", "\"other-api\""));
            api(servers, request -> StubServer.Reply.of(500, "{}"));
            servers.on(TOKEN, 400, "{\"error\":\"access_denied\"}");

            try (ToolProgram agent = ToolProgram.start(
                    "agent",
                    "--api",
                    servers.url() + "/calendar",
                    "--url",
                    servers.url(),
                    "--realm",
                    "agent-grant-demo",
                    "--audience",
                    "demo-api",
                    "--scope",
                    "calendar.read")) {
                assertThat(agent.awaitExit(RUN)).as(agent.output()).isEqualTo(1);
                assertThat(agent.output())
                        .contains("audience       demo-api (given)")
                        .contains("issuer         " + servers.url() + REALM
                                + " (given; the metadata names http://127.0.0.1:9/realms/nowhere)");
            }
            assertThat(servers.requests(REQUESTS).get(0).form())
                    .containsEntry("audience", "demo-api")
                    .containsEntry("scope", "calendar.read");
            assertThat(servers.requests(TOKEN).get(0).form()).containsEntry("resource", servers.url() + "/calendar");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The agent as the walkthrough starts it, given only the resource's URL. */
    private static ToolProgram agent(StubServer servers, String... more) {
        List<String> args = new ArrayList<>(List.of("--api", servers.url() + "/calendar"));
        args.addAll(List.of(more));
        return ToolProgram.start("agent", args.toArray(String[]::new));
    }

    /** The RFC 7638 thumbprint of the public key a DPoP proof carries in its header (RFC 9449 §4.2). */
    private static String proofKeyThumbprint(String proof) {
        try {
            return SignedJWT.parse(proof)
                    .getHeader()
                    .getJWK()
                    .computeThumbprint()
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The resource: a request without a token gets RFC 9728 §5.1's challenge naming the metadata, one with a token
     * the next of {@code replies}.
     */
    private static void api(StubServer servers, Function<StubServer.Request, StubServer.Reply> replies) {
        servers.on(
                API,
                request -> request.header("Authorization") == null
                        ? new StubServer.Reply(
                                401,
                                "{\"error\":\"invalid_request\"}",
                                Map.of(
                                        "WWW-Authenticate",
                                        "DPoP algs=\"ES256\", resource_metadata=\"" + servers.url() + METADATA_PATH
                                                + "\""))
                        : replies.apply(request));
    }

    private static List<StubServer.Request> withToken(List<StubServer.Request> requests) {
        return requests.stream()
                .filter(request -> request.header("Authorization") != null)
                .toList();
    }

    /** RFC 9728 §2 metadata as the demo API publishes it. */
    private static String metadata(String resource, String issuer) {
        return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer + "\"],"
                + "\"scopes_supported\":[\"calendar.read\",\"calendar.write\"],\"bearer_methods_supported\":[\"header\"],"
                + "\"resource_name\":\"Stub API\",\"dpop_signing_alg_values_supported\":[\"ES256\"],"
                + "\"dpop_bound_access_tokens_required\":true,\"agent_grant_audience\":\"demo-api\"}";
    }

    /**
     * The resource's metadata, the realm's OIDC and Agent Grant discovery, and a request that waits for a person with
     * this poll interval.
     */
    private static void discovery(StubServer servers, int interval) {
        String issuer = servers.url() + REALM;
        servers.on(METADATA, 200, metadata(servers.url() + "/calendar", issuer));
        servers.on(
                "GET " + REALM + "/.well-known/openid-configuration",
                200,
                "{\"issuer\":\"" + issuer + "\","
                        + "\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\","
                        + "\"introspection_endpoint\":\"" + issuer + "/protocol/openid-connect/token/introspect\"}");
        servers.on(
                "GET " + REALM + "/agent-grant",
                200,
                "{\"issuer\":\"" + issuer + "\",\"agent_grant_endpoint\":\"" + issuer
                        + "/agent-grant\",\"agent_grant_version\":\"test\"}");
        servers.on(
                REQUESTS,
                201,
                "{\"grant_id\":\"g-1\",\"user_code\":\"BCDF-GHJK\",\"verification_uri\":\"" + issuer
                        + "/agent-grant/verify\",\"verification_uri_complete\":\"" + issuer
                        + "/agent-grant/verify?user_code=BCDF-GHJK\","
                        + "\"expires_in\":60,\"interval\":" + interval + "}");
    }

    /** The replies one after the other; the last one again once they are used up. */
    private static Function<StubServer.Request, StubServer.Reply> inTurn(StubServer.Reply... replies) {
        AtomicInteger next = new AtomicInteger();
        return request -> replies[Math.min(next.getAndIncrement(), replies.length - 1)];
    }

    /** RFC 9449 §4.2, checked with Nimbus: signed by {@code key}, which it carries, for this method and URL. */
    private static void assertProof(String proof, JWK key, String method, String url, String accessToken)
            throws Exception {
        SignedJWT jwt = SignedJWT.parse(proof);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("dpop+jwt"));
        assertThat(jwt.getHeader().getJWK().computeThumbprint()).isEqualTo(key.computeThumbprint());
        assertThat(jwt.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("htm")).isEqualTo(method);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("htu")).isEqualTo(url);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("ath"))
                .isEqualTo(
                        accessToken == null
                                ? null
                                : Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                                .digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** workload.artifact_digest of a runtime attester's token (its signature is DemoEvidenceTest's to check). */
    private static String runtimeDigest(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]))
                .path("workload")
                .path("artifact_digest")
                .asText();
    }

    /** ALG:HEX of the one subject of the in-toto Statement in a DSSE envelope. */
    private static String provenanceSubjectDigest(String envelope) throws Exception {
        JsonNode statement = JSON.readTree(Base64.getDecoder()
                .decode(JSON.readTree(envelope).path("payload").asText()));
        Map.Entry<String, JsonNode> digest = statement
                .path("subject")
                .get(0)
                .path("digest")
                .properties()
                .iterator()
                .next();
        return digest.getKey() + ":" + digest.getValue().asText();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
