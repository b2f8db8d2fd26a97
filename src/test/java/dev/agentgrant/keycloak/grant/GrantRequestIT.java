package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.Concurrently;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /realms/{realm}/agent-grant/requests} and the agent's status and revoke endpoints, driven over HTTP
 * the way an agent calls them, on a real Keycloak.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantRequestIT {

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.fixture = AgentGrantFixture.create(keycloak, Map.of());
    }

    @Test
    void aValidRequestIsPendingWithAUserCodeAndAVerificationUri() {
        Http.Response response = fixture.request(
                fixture.form(Map.of("login_hint", "tester", "max_uses", "3", "requested_lifetime", "900")));

        response.expect(201);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = response.json();
        assertThat(body.path("grant_id").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(body.path("user_code").asText()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        String verify = fixture.issuer() + "/agent-grant/verify";
        assertThat(body.path("verification_uri").asText()).isEqualTo(verify);
        assertThat(body.path("verification_uri_complete").asText())
                .isEqualTo(verify + "?user_code=" + body.path("user_code").asText());
        assertThat(body.path("expires_in").asLong()).isBetween(590L, 600L);
        assertThat(body.path("interval").asInt()).isEqualTo(5);

        JsonNode status =
                fixture.status(body.path("grant_id").asText()).expect(200).json();
        assertThat(status.path("status").asText()).isEqualTo("PENDING");
        assertThat(status.path("audience").asText()).isEqualTo(fixture.audience);
        assertThat(status.path("requested_scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(status.path("max_uses").asInt()).isEqualTo(3);
        assertThat(status.path("uses").asInt()).isZero();
        assertThat(status.has("scope")).as("no approved scope before approval").isFalse();
    }

    /**
     * Every way the form can be wrong gets its RFC error, and none of them stores anything or burns the presentation:
     * the agent may have one pending request, all refusals use one presentation, and afterwards that presentation
     * still makes a valid request.
     */
    @Test
    void everyInvalidRequestIsRefusedWithItsErrorAndChangesNothing() {
        AgentGrantFixture strict = AgentGrantFixture.create(
                keycloak,
                Map.of(
                        "agent-grant.max-pending-requests", "1",
                        "agent-grant.allowed-audiences", "placeholder",
                        "agent-grant.max-grant-lifetime", "3600",
                        "agent-grant.max-uses", "10"));
        strict.setAttributes(Map.of(
                "agent-grant.allowed-audiences", strict.audience + " ghost-" + strict.suffix + " it-api-missing"));
        String presentation = strict.presentation();
        String longScope = "calendar.read " + "x".repeat(5_000);
        String mismatch = "[{\"type\":\"agent_task\",\"actions\":[\"calendar.read\"],\"locations\":[\""
                + strict.issuer() + "\"]}]";

        Map<Map<String, String>, String> cases = new LinkedHashMap<>();
        cases.put(changes("audience", null), "invalid_target");
        cases.put(changes("audience", "it-api"), "invalid_target");
        cases.put(changes("audience", "ghost-" + strict.suffix), "invalid_target");
        cases.put(changes("audience", strict.audience + " it-api"), "invalid_target");
        cases.put(changes("scope", null), "invalid_scope");
        cases.put(changes("scope", "calendar.delete"), "invalid_scope");
        cases.put(changes("scope", "openid calendar.read"), "invalid_scope");
        cases.put(changes("scope", "calendar.read calendar.read"), "invalid_scope");
        cases.put(changes("scope", "calendar.read  calendar.write"), "invalid_scope");
        cases.put(changes("scope", longScope), "invalid_request");
        cases.put(changes("purpose", null), "invalid_request");
        cases.put(changes("purpose", "x".repeat(301)), "invalid_request");
        cases.put(changes("purpose", "Pay the invoice \u202Eeciovni\u202C"), "invalid_request");
        cases.put(changes("purpose", "Pay\u200B the invoice"), "invalid_request");
        cases.put(changes("purpose", "Pay the invoice\nand then wire the rest"), "invalid_request");
        cases.put(changes("purpose", "   "), "invalid_request");
        cases.put(changes("requested_lifetime", "3601"), "invalid_request");
        cases.put(changes("requested_lifetime", "0"), "invalid_request");
        cases.put(changes("requested_lifetime", "-5"), "invalid_request");
        cases.put(changes("requested_lifetime", "99999999999999999999999"), "invalid_request");
        cases.put(changes("max_uses", "11"), "invalid_request");
        cases.put(changes("max_uses", "three"), "invalid_request");
        cases.put(changes("login_hint", " tester"), "invalid_request");
        cases.put(changes("authorization_details", mismatch), "invalid_request");
        cases.put(changes("authorization_details", "[{\"type\":\"agent_task\""), "invalid_request");
        cases.put(changes("authorization_details", "[".repeat(10_000)), "invalid_request");
        cases.put(changes("actor_token", null), "invalid_request");
        cases.put(changes("actor_token_type", null), "invalid_request");
        cases.put(changes("actor_token_type", "urn:ietf:params:oauth:token-type:jwt"), "invalid_request");
        cases.put(changes("resource", "https://calendar.example"), "invalid_request");

        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            Map<String, String> change = new HashMap<>(c.getKey());
            change.putIfAbsent("actor_token", presentation);
            if (c.getKey().containsKey("actor_token") && c.getKey().get("actor_token") == null) {
                change.put("actor_token", null);
            }
            Http.Response response = strict.request(strict.form(change));
            softly.assertThat(response.status()).as("%s", c.getKey()).isEqualTo(400);
            softly.assertThat(response.header("Cache-Control"))
                    .as("%s", c.getKey())
                    .isEqualTo("no-store");
            softly.assertThat(response.json().path("error").asText())
                    .as("%s: %s", c.getKey(), response)
                    .isEqualTo(c.getValue());
            softly.assertThat(response.json().path("error_description").asText())
                    .as("%s", c.getKey())
                    .isNotBlank();
            softly.assertThat(response.body()).as("%s", c.getKey()).doesNotContain("grant_id");
        }
        String form = "audience=" + strict.audience + "&audience=" + strict.audience + "&scope=calendar.read"
                + "&purpose=x&actor_token_type=urn%3Aagentgrant%3Atoken-type%3Aattestation&actor_token=" + presentation;
        Http.Response repeated = strict.http()
                .post(
                        AgentGrantFixture.path("requests"),
                        "application/x-www-form-urlencoded",
                        form,
                        "Authorization",
                        strict.basicAuth());
        softly.assertThat(repeated.status()).isEqualTo(400);
        softly.assertThat(repeated.json().path("error").asText()).isEqualTo("invalid_request");
        Http.Response json = strict.http()
                .post(
                        AgentGrantFixture.path("requests"),
                        "application/json",
                        "{}",
                        "Authorization",
                        strict.basicAuth());
        softly.assertThat(json.status()).isEqualTo(400);
        softly.assertThat(json.json().path("error").asText()).isEqualTo("invalid_request");
        softly.assertAll();

        // Nothing was stored (the one pending slot is free) and the presentation was not used up.
        strict.request(strict.form(Map.of("actor_token", presentation))).expect(201);
        Http.Response full = strict.request(strict.form(Map.of()));
        assertThat(full.status()).as(full.toString()).isEqualTo(400);
        assertThat(full.json().path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void aRequestMayNameTheSameTaskInAuthorizationDetails() {
        String details =
                "[{\"type\":\"agent_task\",\"actions\":[\"calendar.read\",\"calendar.write\"],\"locations\":[\""
                        + fixture.issuer() + "\"],\"purpose\":\"Move tomorrow's 9:00 meeting with Dana to Friday\"}]";

        fixture.request(fixture.form(Map.of("authorization_details", details))).expect(201);
    }

    @Test
    void callersThatAreNotAuthenticatedAgentsAreRefused() {
        Map<String, String> form = fixture.form(Map.of());
        Http http = fixture.http();
        String path = AgentGrantFixture.path("requests");

        assertError(http.postForm(path, form), 401, "invalid_client");
        assertError(http.postForm(path, form, "Authorization", basic(fixture.agent, "wrong")), 401, "invalid_client");
        assertError(
                http.postForm(path, form, "Authorization", basic("it-api", "it-api-secret")),
                400,
                "unauthorized_client");
        Map<String, String> publicForm = new HashMap<>(form);
        publicForm.put("client_id", "admin-cli");
        assertError(http.postForm(path, publicForm), 401, "invalid_client");
    }

    @Test
    void aSuspendedAgentOrOneWithoutPolicyOrWithABrokenProfileIsRefused() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());

        agent.setAttributes(Map.of("agent-grant.suspended", "true"));
        assertError(agent.request(agent.form(Map.of())), 400, "unauthorized_client");
        agent.setAttributes(Map.of("agent-grant.suspended", "false", "agent-grant.attestation-policy", ""));
        assertError(agent.request(agent.form(Map.of())), 400, "unauthorized_client");
        agent.setAttributes(Map.of("agent-grant.max-uses", "lots"));
        Http.Response broken = agent.request(agent.form(Map.of()));
        assertError(broken, 400, "unauthorized_client");
        assertThat(broken.body()).doesNotContain("lots");
    }

    @Test
    void aPresentationThatFailsAttestationIsRefusedAsInvalidGrant() {
        Instant now = Instant.now();
        String wrongWorkload = fixture.attestation.presentation(
                fixture.agent,
                fixture.issuer(),
                Map.of(
                        fixture.source,
                        fixture.attestation.svid("spiffe://example.org/agents/other", fixture.issuer(), now)),
                now);
        String otherAgent = fixture.attestation.presentation(
                "it-agent",
                fixture.issuer(),
                Map.of(fixture.source, fixture.attestation.svid(fixture.workload, fixture.issuer(), now)),
                now);
        String stale = fixture.attestation.presentation(
                fixture.agent,
                fixture.issuer(),
                Map.of(
                        fixture.source,
                        fixture.attestation.svid(fixture.workload, fixture.issuer(), now.minusSeconds(600))),
                now.minusSeconds(600));

        for (String presentation : List.of(wrongWorkload, otherAgent, stale, "not.a.jws", "a".repeat(20_001))) {
            Http.Response response = fixture.request(fixture.form(Map.of("actor_token", presentation)));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            String error = response.json().path("error").asText();
            if (presentation.length() > 20_000) {
                assertThat(error).isEqualTo("invalid_request");
            } else {
                assertThat(error).isEqualTo("invalid_grant");
                assertThat(response.json().path("error_description").asText())
                        .isEqualTo("The attestation presentation was not accepted");
            }
        }
    }

    @Test
    void aPresentationIsAcceptedOnceAndReplayedCopiesAreRefused() {
        String presentation = fixture.presentation();
        fixture.request(fixture.form(Map.of("actor_token", presentation))).expect(201);

        assertError(fixture.request(fixture.form(Map.of("actor_token", presentation))), 400, "invalid_grant");
    }

    /** RFC 7519 §4.1.7 (jti): 20 identical requests at once, exactly one succeeds. */
    @Test
    void twentyConcurrentCopiesOfOnePresentationMakeExactlyOneGrant() throws Exception {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        Map<String, String> form = agent.form(Map.of());

        List<Http.Response> responses = Concurrently.run(20, () -> agent.request(form));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 201).hasSize(19).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("invalid_grant");
        });
    }

    @Test
    void pendingRequestsAreLimitedPerAgentAndPerPerson() {
        AgentGrantFixture agent = AgentGrantFixture.create(
                keycloak,
                Map.of("agent-grant.max-pending-requests", "3", "agent-grant.max-pending-requests-per-user", "1"));

        agent.request(agent.form(Map.of("login_hint", "tester"))).expect(201);
        assertError(agent.request(agent.form(Map.of("login_hint", "tester"))), 400, "invalid_request");
        agent.request(agent.form(Map.of("login_hint", "someone-else"))).expect(201);
        agent.request(agent.form(Map.of())).expect(201);
        assertError(agent.request(agent.form(Map.of())), 400, "invalid_request");
    }

    @Test
    void anAgentSeesOnlyItsOwnGrantsAndCannotRevokeAPendingOne() {
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        String grantId = fixture.requestGrant().path("grant_id").asText();

        Http.Response foreign = other.status(grantId);
        Http.Response unknown = other.status("A".repeat(43));
        Http.Response malformed = other.status("..%2F..%2Fadmin");
        for (Http.Response response : List.of(foreign, unknown)) {
            assertError(response, 404, "invalid_grant");
            assertThat(response.json().path("error_description").asText()).isEqualTo("No such grant for this agent");
        }
        assertThat(malformed.status()).isIn(400, 404);
        assertError(other.revoke(grantId), 404, "invalid_grant");
        assertError(fixture.revoke(grantId), 400, "invalid_request");
        assertError(
                fixture.http()
                        .get(
                                AgentGrantFixture.path("grants/" + grantId + "?verbose=true"),
                                "Authorization",
                                fixture.basicAuth()),
                400,
                "invalid_request");
        assertThat(fixture.status(grantId).expect(200).json().path("status").asText())
                .isEqualTo("PENDING");
        assertError(fixture.http().get(AgentGrantFixture.path("grants/" + grantId)), 401, "invalid_client");
    }

    @Test
    void statusCanBeReadWithCredentialsInTheFormBody() {
        String grantId = fixture.requestGrant().path("grant_id").asText();

        Http.Response response = fixture.http()
                .postForm(
                        AgentGrantFixture.path("grants/" + grantId),
                        Map.of("client_id", fixture.agent, "client_secret", fixture.secret));

        assertThat(response.expect(200).json().path("status").asText()).isEqualTo("PENDING");
    }

    private static void assertError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("error").asText())
                .as(response.toString())
                .isEqualTo(error);
        assertThat(response.header("Cache-Control")).as(response.toString()).contains("no-store");
    }

    private static String basic(String user, String password) {
        return Http.basic(user, password);
    }

    private static Map<String, String> changes(String name, String value) {
        Map<String, String> changes = new HashMap<>();
        changes.put(name, value);
        return changes;
    }
}
