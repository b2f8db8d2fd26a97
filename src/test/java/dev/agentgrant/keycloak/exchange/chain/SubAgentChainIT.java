package dev.agentgrant.keycloak.exchange.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Concurrently;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sub-agent chains on a real Keycloak (docs/wire-contract.md, "Sub-agent chains"): the grant's agent hands its task
 * token to a sub-agent it names and the person left ticked, which exchanges it with its own attestation and DPoP key,
 * and hands it on again; every rule of the chain is refused with its documented error, every hop spends a use of the
 * one grant, and ending the grant — or suspending an agent of the chain — ends the tokens that rest on it at once.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("persistence")
class SubAgentChainIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final String AUDIENCE_SECRET = "audience-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer keycloak;
    private AdminApi admin;
    /** The grant's agent: it may hand tasks to the helper, the checker and the stranger-in-waiting. */
    private AgentGrantFixture orchestrator;
    /** A sub-agent the orchestrator names; it names the checker in turn. */
    private AgentGrantFixture helper;
    /** A sub-agent both name; the end of a two-hand-over chain. */
    private AgentGrantFixture checker;
    /** A sub-agent the orchestrator names but the person unticks. */
    private AgentGrantFixture unticked;
    /** An agent nobody names. */
    private AgentGrantFixture stranger;

    @BeforeAll
    void agents(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        orchestrator = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        admin.updateClient(REALM, orchestrator.audience, c -> c.put("secret", AUDIENCE_SECRET));
        checker = subAgent(Map.of());
        helper = subAgent(Map.of("agent-grant.delegates", checker.agent));
        unticked = subAgent(Map.of());
        stranger = subAgent(Map.of());
        orchestrator.setAttributes(
                Map.of("agent-grant.delegates", helper.agent + " " + checker.agent + " " + unticked.agent));
    }

    /** An agent allowed on the orchestrator's audience, with its own attestation source, policy and instance key. */
    private AgentGrantFixture subAgent(Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(extra);
        attributes.put("agent-grant.allowed-audiences", orchestrator.audience);
        return AgentGrantFixture.create(keycloak, attributes);
    }

    private String grant(Browser browser, String prefix, Map<String, String> extra) {
        browser.clearCookies();
        String username = ApprovedGrants.person(admin, prefix);
        return ApprovedGrants.approvedWithDelegates(
                browser, orchestrator, username, extra, Set.of(helper.agent, checker.agent));
    }

    private String token(Http.Response answer) {
        return answer.expect(200).json().path("access_token").asText();
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private JsonNode introspect(String token, String authorization) {
        return keycloak.http()
                .postForm(
                        "/realms/" + REALM + "/protocol/openid-connect/token/introspect",
                        Map.of("token", token),
                        "Authorization",
                        authorization)
                .expect(200)
                .json();
    }

    private boolean active(String token) {
        return introspect(token, Http.basic(orchestrator.audience, AUDIENCE_SECRET))
                .path("active")
                .asBoolean();
    }

    private static void refused(Http.Response answer, String error) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).as(answer.toString()).isEqualTo(error);
        assertThat(answer.body()).doesNotContain("access_token");
        assertThat(answer.header("Cache-Control")).contains("no-store");
    }

    private int uses(String grantId) {
        return orchestrator.status(grantId).expect(200).json().path("uses").asInt();
    }

    private void suspend(AgentGrantFixture agent, boolean suspended) {
        admin.post(
                        "/realms/" + REALM + "/agent-grant/agents/" + agent.agent
                                + (suspended ? "/suspend" : "/resume"),
                        Map.of())
                .expect(200);
    }

    private static String thumbprint(AgentGrantFixture agent) throws JOSEException {
        return agent.attestation.instanceKey.publicJwk().computeThumbprint().toString();
    }

    @Test
    void aTaskTokenHandedOnTwiceNamesEveryAgentAndEndsWithItsGrantOrItsAgents(Browser browser) throws Exception {
        String grantId = grant(browser, "chain", Map.of("max_uses", "10"));
        String root = token(ExchangeCalls.exchange(keycloak.http(), orchestrator, grantId));
        Http.Response handedOn = ExchangeCalls.handOver(keycloak.http(), helper, root);
        JsonNode answer = handedOn.expect(200).json();
        assertThat(answer.path("token_type").asText()).isEqualTo("DPoP");
        assertThat(answer.path("issued_token_type").asText())
                .isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(answer.has("refresh_token")).isFalse();
        String hop1 = answer.path("access_token").asText();
        String hop2 = token(ExchangeCalls.handOver(keycloak.http(), checker, hop1, Map.of("scope", "calendar.read")));

        JsonNode parent = claims(root);
        JsonNode first = claims(hop1);
        JsonNode second = claims(hop2);
        assertThat(parent.path("delegation_hops").asInt()).isZero();
        assertThat(parent.path("client_id").asText()).isEqualTo(orchestrator.agent);
        assertThat(parent.path("act").path("sub_profile").asText()).isEqualTo("ai_agent");
        assertThat(parent.path("act").path("iss").asText())
                .isEqualTo(parent.path("iss").asText());

        assertThat(first.path("sub").asText())
                .as("still the person")
                .isEqualTo(parent.path("sub").asText());
        assertThat(first.path("grant_id").asText()).isEqualTo(grantId);
        assertThat(first.path("aud").asText()).isEqualTo(orchestrator.audience);
        assertThat(first.path("azp").asText()).isEqualTo(helper.agent);
        assertThat(first.path("client_id").asText()).isEqualTo(helper.agent);
        assertThat(first.path("delegation_hops").asInt()).isEqualTo(1);
        assertThat(first.path("act").path("client_id").asText()).isEqualTo(helper.agent);
        assertThat(first.path("act").path("act").path("client_id").asText()).isEqualTo(orchestrator.agent);
        assertThat(first.path("act").path("act").path("sub").asText())
                .isEqualTo(parent.path("act").path("sub").asText());
        assertThat(first.path("cnf").path("jkt").asText())
                .as("bound to the sub-agent's own key")
                .isEqualTo(thumbprint(helper))
                .isNotEqualTo(parent.path("cnf").path("jkt").asText());
        assertThat(first.path("exp").asLong())
                .isLessThanOrEqualTo(parent.path("exp").asLong());
        assertThat(first.path("scope").asText()).isEqualTo(parent.path("scope").asText());
        assertThat(first.path("attestation").path("facts").toString()).contains(helper.workload);
        assertThat(first.path("jti").asText())
                .as("a task token, as Keycloak reads its id")
                .matches("^tr..tg:.+");

        assertThat(second.path("azp").asText()).isEqualTo(checker.agent);
        assertThat(second.path("scope").asText()).isEqualTo("calendar.read");
        assertThat(second.path("delegation_hops").asInt()).isEqualTo(2);
        assertThat(second.path("act").path("act").path("act").path("client_id").asText())
                .isEqualTo(orchestrator.agent);
        assertThat(second.path("exp").asLong())
                .isLessThanOrEqualTo(first.path("exp").asLong());

        // Introspection: the audience and the holder see the whole chain; the grant's agent, neither, sees nothing.
        JsonNode byAudience = introspect(hop2, Http.basic(orchestrator.audience, AUDIENCE_SECRET));
        assertThat(byAudience.path("active").asBoolean())
                .as(byAudience.toString())
                .isTrue();
        assertThat(byAudience.path("client_id").asText()).isEqualTo(checker.agent);
        assertThat(byAudience.path("delegation_hops").asInt()).isEqualTo(2);
        assertThat(byAudience.path("act").path("act").path("client_id").asText())
                .isEqualTo(helper.agent);
        assertThat(byAudience
                        .path("act")
                        .path("act")
                        .path("act")
                        .path("client_id")
                        .asText())
                .isEqualTo(orchestrator.agent);
        assertThat(introspect(hop2, checker.basicAuth())
                        .path("act")
                        .path("client_id")
                        .asText())
                .isEqualTo(checker.agent);
        assertThat(introspect(hop2, orchestrator.basicAuth()).toString()).isEqualTo("{\"active\":false}");

        // Every hop spent a use of the one grant and left a record of its own on the grant's trail.
        assertThat(uses(grantId)).isEqualTo(3);
        JsonNode audit = admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                .path("audit");
        List<JsonNode> issued = new ArrayList<>();
        audit.forEach(record -> {
            if (record.path("action").asText().equals("token_issued")) {
                issued.add(record);
            }
        });
        assertThat(issued).hasSize(3);
        assertThat(issued.stream()
                        .map(r -> r.path("details").path("actor_chain").asText()))
                .containsExactly(
                        "",
                        orchestrator.agent + " " + helper.agent,
                        orchestrator.agent + " " + helper.agent + " " + checker.agent);
        JsonNode last = issued.get(2).path("details");
        assertThat(last.path("hop").asText()).isEqualTo("2");
        assertThat(last.path("instance_jkt").asText()).isEqualTo(thumbprint(checker));
        assertThat(last.path("attestation_sources").asText()).isEqualTo(checker.source);
        assertThat(issued.get(2).path("actor_id").asText()).contains(checker.agent);

        // Suspending a sub-agent ends its hop and the hops handed on from it, not those before it.
        suspend(checker, true);
        assertThat(active(hop2)).isFalse();
        assertThat(active(hop1)).isTrue();
        suspend(checker, false);
        assertThat(active(hop2)).isTrue();
        suspend(helper, true);
        assertThat(active(hop1)).isFalse();
        assertThat(active(hop2)).isFalse();
        assertThat(active(root)).isTrue();
        suspend(helper, false);
        suspend(orchestrator, true);
        assertThat(active(root)).isFalse();
        assertThat(active(hop1)).isFalse();
        assertThat(active(hop2)).isFalse();
        suspend(orchestrator, false);
        assertThat(active(hop2)).isTrue();

        // Ending the grant ends every token derived from it at once, and the chain cannot grow from it.
        orchestrator.revoke(grantId).expect(200);
        assertThat(active(root)).isFalse();
        assertThat(active(hop1)).isFalse();
        assertThat(active(hop2)).isFalse();
        refused(ExchangeCalls.handOver(keycloak.http(), helper, root), "invalid_grant");
        refused(ExchangeCalls.handOver(keycloak.http(), checker, hop1), "invalid_grant");
    }

    @Test
    void everyRuleOfTheChainIsRefusedWithItsErrorAndSpendsNothing(Browser browser) throws Exception {
        String grantId = grant(browser, "rules", Map.of("max_uses", "10"));
        String root = token(ExchangeCalls.exchange(keycloak.http(), orchestrator, grantId));
        Http node = keycloak.http();

        refused(ExchangeCalls.handOver(node, unticked, root), "actor_unauthorized");
        refused(ExchangeCalls.handOver(node, stranger, root), "actor_unauthorized");
        refused(ExchangeCalls.handOver(node, orchestrator, root), "actor_unauthorized");
        refused(
                ExchangeCalls.handOver(node, helper, root, Map.of("scope", "calendar.read mail.send")),
                "invalid_scope");
        refused(ExchangeCalls.handOver(node, helper, root, Map.of("audience", helper.audience)), "invalid_target");
        refused(
                ExchangeCalls.handOver(node, helper, root, Map.of("resource", "https://elsewhere.example")),
                "invalid_target");
        refused(
                ExchangeCalls.send(
                        node,
                        ExchangeCalls.tokenPath(helper),
                        helper,
                        ExchangeCalls.chainForm(root, helper.presentation()),
                        ExchangeCalls.dpopProof(
                                orchestrator.attestation.instanceKey, ExchangeCalls.tokenEndpoint(node, helper))),
                "invalid_dpop_proof");
        refused(
                ExchangeCalls.send(
                        node,
                        ExchangeCalls.tokenPath(helper),
                        helper,
                        ExchangeCalls.chainForm(root, helper.presentation()),
                        null),
                "invalid_dpop_proof");
        refused(ExchangeCalls.handOver(node, helper, "not-a-token"), "invalid_grant");
        refused(ExchangeCalls.handOver(node, helper, root.substring(0, root.length() - 4) + "AAAA"), "invalid_grant");
        String serviceAccountToken = token(node.postForm(
                "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials"),
                "Authorization",
                helper.basicAuth()));
        refused(ExchangeCalls.handOver(node, helper, serviceAccountToken), "invalid_grant");
        refused(
                ExchangeCalls.handOver(
                        node, helper, root, Map.of("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")),
                "invalid_request");
        assertThat(uses(grantId)).as("no refusal spent a use").isEqualTo(1);

        // The depth the grant's agent allows now: 1 lets the helper take over but not hand on; 0 stops any hand-over.
        orchestrator.setAttributes(Map.of("agent-grant.delegation-depth", "1"));
        try {
            String hop1 = token(ExchangeCalls.handOver(node, helper, root));
            Http.Response tooDeep = ExchangeCalls.handOver(node, checker, hop1);
            refused(tooDeep, "invalid_request");
            assertThat(tooDeep.json().path("error_description").asText()).contains("maximum depth");
            orchestrator.setAttributes(Map.of("agent-grant.delegation-depth", "0"));
            refused(ExchangeCalls.handOver(node, helper, root), "invalid_request");
            // The realm's cap holds an agent that allows more to the realm's depth.
            orchestrator.setAttributes(Map.of("agent-grant.delegation-depth", "2"));
            realmDelegationCap("0");
            refused(ExchangeCalls.handOver(node, helper, root), "invalid_request");
        } finally {
            realmDelegationCap("");
            orchestrator.setAttributes(Map.of("agent-grant.delegation-depth", "2"));
        }
        assertThat(uses(grantId)).isEqualTo(2);
    }

    /** Sets the realm attribute agent-grant.max-delegation-depth; blank reads as unset. */
    private void realmDelegationCap(String value) {
        keycloak.admin()
                .put("/realms/" + REALM, Map.of("attributes", Map.of("agent-grant.max-delegation-depth", value)))
                .expect(204);
    }

    @Test
    void twentySubAgentExchangesAtOnceNeverSpendMoreThanTheGrantsUses(Browser browser) throws Exception {
        String grantId = grant(browser, "race", Map.of("max_uses", "3"));
        String root = token(ExchangeCalls.exchange(keycloak.http(), orchestrator, grantId));

        List<Http.Response> answers = Concurrently.run(20, () -> ExchangeCalls.handOver(keycloak.http(), helper, root));

        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(2);
        assertThat(answers)
                .filteredOn(r -> r.status() != 200)
                .hasSize(18)
                .allSatisfy(r -> assertThat(r.json().path("error").asText())
                        .as(r.toString())
                        .isEqualTo("invalid_grant"));
        JsonNode status = orchestrator.status(grantId).expect(200).json();
        assertThat(status.path("uses").asInt())
                .as("the parent's token and two hops")
                .isEqualTo(3);
        assertThat(status.path("status").asText()).isEqualTo("EXHAUSTED");
        // An exhausted grant mints no more, but what it minted stands until it expires.
        assertThat(active(root)).isTrue();
        for (Http.Response answer : answers) {
            if (answer.status() == 200) {
                assertThat(active(answer.json().path("access_token").asText())).isTrue();
            }
        }
    }
}
