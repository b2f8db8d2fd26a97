package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile requests at the token endpoint that the exchange's behaviour tests do not walk through one by one, each
 * checked against the whole definition of "rejected" (docs/wire-contract.md, "Exchange"): the RFC 6749 §5.2 error, no token,
 * {@code Cache-Control: no-store}, a {@code TOKEN_EXCHANGE_ERROR} event with a reason, and afterwards no use consumed
 * and no grant state changed. Requests that fail before the presentation is checked reuse one presentation, which
 * then still mints a token: no replay entry was burnt for them.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndpointChecklistIT {

    private static final String REALM = AgentGrantFixture.REALM;

    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture fixture;
    private String tokenPath;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        fixture = AgentGrantFixture.create(keycloak, Map.of());
        tokenPath = ExchangeCalls.tokenPath(fixture);
        admin.put("/realms/" + REALM, Map.of("eventsEnabled", true)).expect(204);
    }

    private String dpop() {
        return ExchangeCalls.dpopProof(
                fixture.attestation.instanceKey, ExchangeCalls.tokenEndpoint(keycloak.http(), fixture));
    }

    private Http.Response send(Map<String, String> form) {
        return ExchangeCalls.send(keycloak.http(), tokenPath, fixture, form, dpop());
    }

    /** A form-encoded body that may repeat a parameter, which a map cannot. */
    private Http.Response sendRaw(List<Map.Entry<String, String>> parameters) {
        String body = parameters.stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return keycloak.http()
                .post(
                        tokenPath,
                        "application/x-www-form-urlencoded",
                        body,
                        "Authorization",
                        fixture.basicAuth(),
                        "DPoP",
                        dpop());
    }

    private static List<Map.Entry<String, String>> entries(Map<String, String> form) {
        return new ArrayList<>(form.entrySet());
    }

    private Map<String, String> form(String grantId, String presentation, Map<String, String> changes) {
        return AgentGrantFixture.changed(ExchangeCalls.exchangeForm(grantId, presentation), changes);
    }

    /** "Rejected" as the agent sees it. */
    private static void assertRejected(String name, Http.Response response, String error) {
        assertThat(response.status()).as(name + ": " + response).isEqualTo(400);
        assertThat(response.header("Cache-Control")).as(name).contains("no-store");
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).as(name + ": " + response).isEqualTo(error);
        assertThat(body.path("error_description").asText()).as(name).isNotBlank();
        assertThat(body.has("access_token")).as(name).isFalse();
    }

    private void assertGrantUntouched(String grantId) {
        JsonNode status = fixture.status(grantId).expect(200).json();
        assertThat(status.path("status").asText()).isEqualTo("APPROVED");
        assertThat(status.path("uses").asInt()).isZero();
    }

    private String presentation(TestKeys signer, Consumer<Map<String, Object>> change) {
        return fixture.presentation(signer, change);
    }

    @Test
    void malformedRequestsAreRejectedAndBurnNothing(Browser browser) {
        String username = ApprovedGrants.person(admin, "checklist");
        String grantId = ApprovedGrants.approved(browser, fixture, username, Map.of());
        String presentation = fixture.presentation();

        Map<String, Http.Response> invalidRequests = new LinkedHashMap<>();
        // RFC 8693 §2.1: a token without its type.
        invalidRequests.put(
                "actor_token_type missing", send(form(grantId, presentation, mapOf("actor_token_type", null))));
        invalidRequests.put("actor_token missing", send(form(grantId, presentation, mapOf("actor_token", null))));
        invalidRequests.put(
                "unknown actor_token_type",
                send(form(grantId, presentation, mapOf("actor_token_type", "urn:agentgrant:token-type:unknown"))));
        // Anything but an access token (RFC 8693 §2.1 requested_token_type).
        for (String type : List.of(
                "urn:ietf:params:oauth:token-type:refresh_token",
                "urn:ietf:params:oauth:token-type:id_token",
                "urn:agentgrant:token-type:task-grant")) {
            invalidRequests.put(
                    "requested_token_type " + type,
                    send(form(grantId, presentation, mapOf("requested_token_type", type))));
        }
        // RFC 6749 §3.2: duplicate parameters.
        for (String duplicated : List.of("subject_token", "actor_token", "audience", "scope")) {
            List<Map.Entry<String, String>> twice = entries(form(grantId, presentation, Map.of()));
            String value = switch (duplicated) {
                case "subject_token" -> grantId;
                case "actor_token" -> presentation;
                case "audience" -> fixture.audience;
                default -> "calendar.read";
            };
            twice.add(Map.entry(duplicated, value));
            twice.add(Map.entry(duplicated, value));
            invalidRequests.put("two " + duplicated, sendRaw(twice));
        }
        // Oversized parameters are refused, never dropped (a dropped scope must not mean "all approved scopes").
        invalidRequests.put(
                "oversized scope",
                send(form(grantId, presentation, mapOf("scope", "calendar.read " + "x".repeat(5000)))));
        invalidRequests.put(
                "oversized audience", send(form(grantId, presentation, mapOf("audience", "a".repeat(5000)))));
        invalidRequests.put("oversized subject_token", send(form("g".repeat(20_001), presentation, Map.of())));
        invalidRequests.put("oversized actor_token", send(form(grantId, "a".repeat(20_001), Map.of())));
        invalidRequests.forEach((name, response) -> assertRejected(name, response, "invalid_request"));

        // A scope or audience beyond the grant (RFC 6749 §5.2 invalid_scope, RFC 8707 §2 invalid_target).
        assertRejected(
                "unknown scope", send(form(grantId, presentation, mapOf("scope", "payments.send"))), "invalid_scope");
        assertRejected(
                "other audience", send(form(grantId, presentation, mapOf("audience", "account"))), "invalid_target");
        assertRejected(
                "other resource",
                send(form(grantId, presentation, mapOf("resource", "https://elsewhere.example/"))),
                "invalid_target");
        // A grant id where the presentation belongs.
        assertRejected("grant id as actor token", send(form(grantId, grantId, Map.of())), "invalid_grant");

        assertGrantUntouched(grantId);
        JsonNode events = admin.getJson(
                "/realms/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&client=" + fixture.agent + "&max=200");
        assertThat(events.findValues("details"))
                .as("every refusal by the exchange is an event with a reason")
                .filteredOn(d -> d.path("grant_id").asText().equals(grantId))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.path("reason").asText()).isNotBlank());

        // The one presentation all of these carried was never consumed.
        Http.Response minted = send(form(grantId, presentation, Map.of()));
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
    }

    @Test
    void presentationsThatFailTheirChecksAreRejectedAsInvalidGrant(Browser browser) throws Exception {
        String username = ApprovedGrants.person(admin, "jws");
        String grantId = ApprovedGrants.approved(browser, fixture, username, Map.of());
        TestKeys instance = fixture.attestation.instanceKey;
        TestKeys stranger = TestKeys.p256();

        Map<String, String> attacks = new LinkedHashMap<>();
        // RFC 8725 §3.1: alg none, and an empty signature.
        String genuine = fixture.presentation();
        String[] parts = genuine.split("\\.");
        attacks.put(
                "alg none", TestJws.b64("{\"alg\":\"none\",\"typ\":\"agent-attestation+jwt\"}") + "." + parts[1] + ".");
        attacks.put("empty signature", parts[0] + "." + parts[1] + ".");
        // RFC 8725 §2.1: HS256 keyed with the public key.
        attacks.put(
                "HS256 with the public key",
                TestJws.hmac(
                        "{\"alg\":\"HS256\",\"typ\":\"agent-attestation+jwt\"}",
                        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8),
                        instance.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8)));
        // Expired, far-future, lifetime over 60 s, no iat (docs/wire-contract.md, "Attestation presentation").
        attacks.put("expired", presentation(instance, c -> {
            c.put("iat", Instant.now().getEpochSecond() - 300);
            c.put("exp", Instant.now().getEpochSecond() - 270);
        }));
        attacks.put(
                "far-future exp",
                presentation(instance, c -> c.put("exp", Instant.now().getEpochSecond() + 86_400)));
        attacks.put("no iat", presentation(instance, c -> c.remove("iat")));
        // RFC 7519 §4.1.1 and §4.1.3: another issuer, another audience.
        attacks.put("iss not the agent", presentation(instance, c -> c.put("iss", "some-other-client")));
        attacks.put(
                "aud not the realm", presentation(instance, c -> c.put("aud", "https://elsewhere.example/realms/x")));
        attacks.put(
                "two audiences",
                presentation(instance, c -> c.put("aud", List.of(fixture.issuer(), "https://elsewhere.example"))));
        // RFC 7800 §3.1: cnf.jwk that did not sign it; signed by a fresh key with a matching cnf (a stolen grant id).
        attacks.put("cnf of another key", presentation(stranger, c -> {}));
        attacks.put(
                "fresh key",
                presentation(
                        stranger,
                        c -> c.put("cnf", Map.of("jwk", stranger.publicJwk().toJSONObject()))));
        // H41: deeply nested JSON, as deep as fits under Keycloak's 20 000-character limit on token parameters.
        attacks.put(
                "deeply nested",
                TestJws.sign(
                        "{\"alg\":\"ES256\",\"typ\":\"agent-attestation+jwt\"}",
                        "[".repeat(7_000) + "]".repeat(7_000),
                        "ES256",
                        instance.pair().getPrivate()));
        // Broken base64url, trailing garbage.
        attacks.put("broken base64url", parts[0] + ".%%%." + parts[2]);
        attacks.put("trailing garbage", genuine + ".x");

        attacks.forEach((name, presentation) ->
                assertRejected(name, send(form(grantId, presentation, Map.of())), "invalid_grant"));

        // RFC 7519 §4.1.7: the same presentation twice.
        String once = fixture.presentation();
        assertThat(send(form(grantId, once, Map.of())).status()).isEqualTo(200);
        assertRejected("replayed", send(form(grantId, once, Map.of())), "invalid_grant");
        assertThat(fixture.status(grantId).expect(200).json().path("uses").asInt())
                .as("only the first consumed a use")
                .isEqualTo(1);
    }

    private static Map<String, String> mapOf(String name, String value) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }
}
