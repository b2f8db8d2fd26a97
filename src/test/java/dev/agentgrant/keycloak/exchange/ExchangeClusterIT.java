package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Concurrently;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakCluster;
import dev.agentgrant.keycloak.testing.KeycloakClusterTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The task-grant exchange on two nodes sharing one database and one cluster-wide single-use store: uses, revocation
 * and presentations hold across nodes.
 */
@KeycloakClusterTest
@ExtendWith(BrowserExtension.class)
class ExchangeClusterIT {

    private static final String TOKEN_PATH = "/realms/" + AgentGrantFixture.REALM + "/protocol/openid-connect/token";

    /** An agent of its own and a grant approved in the browser through node A. */
    private static String approvedGrant(
            KeycloakCluster cluster, AgentGrantFixture agent, Browser browser, Map<String, String> extra) {
        ApprovalBrowserIT.ClientScopes.ensure(cluster.nodeA().admin());
        String username = ApprovedGrants.person(cluster.nodeA().admin(), "cluster");
        return ApprovedGrants.approved(browser, agent, username, extra);
    }

    @Test
    void twentyExchangesSplitAcrossNodesNeverExceedTheUsesLeft(KeycloakCluster cluster, Browser browser)
            throws Exception {
        AgentGrantFixture agent = AgentGrantFixture.create(cluster.nodeA(), Map.of());
        String grantId = approvedGrant(cluster, agent, browser, Map.of("max_uses", "3"));
        List<Http> nodes = List.of(cluster.nodeA().http(), cluster.nodeB().http());
        AtomicInteger next = new AtomicInteger();

        List<Http.Response> responses = Concurrently.run(
                20, () -> ExchangeCalls.exchange(nodes.get(next.getAndIncrement() % 2), agent, grantId));

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(3);
        assertThat(responses)
                .filteredOn(r -> r.status() != 200)
                .hasSize(17)
                .allSatisfy(r -> assertThat(r.json().path("error").asText())
                        .as(r.toString())
                        .isEqualTo("invalid_grant"));
        JsonNode status = agent.status(grantId).expect(200).json();
        assertThat(status.path("uses").asInt()).isEqualTo(3);
        assertThat(status.path("status").asText()).isEqualTo("EXHAUSTED");
    }

    @Test
    void aGrantRevokedThroughOneNodeIsRefusedAndIntrospectsInactiveThroughTheOther(
            KeycloakCluster cluster, Browser browser) {
        AgentGrantFixture agent = AgentGrantFixture.create(cluster.nodeA(), Map.of());
        String audienceUuid = cluster.nodeA()
                .admin()
                .getJson("/realms/" + AgentGrantFixture.REALM + "/clients?clientId=" + agent.audience)
                .get(0)
                .path("id")
                .asText();
        cluster.nodeA()
                .admin()
                .put(
                        "/realms/" + AgentGrantFixture.REALM + "/clients/" + audienceUuid,
                        Map.of("secret", "audience-secret"))
                .expect(204);
        String audienceAuth = Http.basic(agent.audience, "audience-secret");
        String introspect = "/realms/" + AgentGrantFixture.REALM + "/protocol/openid-connect/token/introspect";
        String grantId = approvedGrant(cluster, agent, browser, Map.of());
        String token = ExchangeCalls.exchange(cluster.nodeB().http(), agent, grantId)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        assertThat(cluster.nodeB()
                        .http()
                        .postForm(introspect, Map.of("token", token), "Authorization", audienceAuth)
                        .expect(200)
                        .json()
                        .path("active")
                        .asBoolean())
                .isTrue();

        cluster.nodeA()
                .http()
                .postForm(agent.endpoint("grants/" + grantId + "/revoke"), Map.of(), "Authorization", agent.basicAuth())
                .expect(200);

        Http.Response refused = ExchangeCalls.exchange(cluster.nodeB().http(), agent, grantId);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(cluster.nodeB()
                        .http()
                        .postForm(introspect, Map.of("token", token), "Authorization", audienceAuth)
                        .expect(200)
                        .json()
                        .toString())
                .isEqualTo("{\"active\":false}");
    }

    @Test
    void aPresentationUsedOnOneNodeIsRefusedOnTheOther(KeycloakCluster cluster, Browser browser) {
        AgentGrantFixture agent = AgentGrantFixture.create(cluster.nodeA(), Map.of());
        String grantId = approvedGrant(cluster, agent, browser, Map.of());
        String presentation = agent.presentation();
        Http nodeA = cluster.nodeA().http();
        Http nodeB = cluster.nodeB().http();

        ExchangeCalls.send(
                        nodeA,
                        TOKEN_PATH,
                        agent,
                        ExchangeCalls.exchangeForm(grantId, presentation),
                        ExchangeCalls.dpopProof(
                                agent.attestation.instanceKey, ExchangeCalls.tokenEndpoint(nodeA, agent)))
                .expect(200);
        Http.Response replayed = ExchangeCalls.send(
                nodeB,
                TOKEN_PATH,
                agent,
                ExchangeCalls.exchangeForm(grantId, presentation),
                ExchangeCalls.dpopProof(agent.attestation.instanceKey, ExchangeCalls.tokenEndpoint(nodeB, agent)));

        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(400);
        assertThat(replayed.json().path("error").asText()).isEqualTo("invalid_grant");
    }
}
