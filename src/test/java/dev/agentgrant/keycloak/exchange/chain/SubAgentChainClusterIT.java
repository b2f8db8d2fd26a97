package dev.agentgrant.keycloak.exchange.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakCluster;
import dev.agentgrant.keycloak.testing.KeycloakClusterTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sub-agent chains on two nodes sharing one database: a chain built across both nodes, its grant revoked through
 * one, and every token of the chain inactive at the other's introspection at once.
 */
@KeycloakClusterTest
@ExtendWith(BrowserExtension.class)
class SubAgentChainClusterIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final String INTROSPECT = "/realms/" + REALM + "/protocol/openid-connect/token/introspect";

    @Test
    void aGrantRevokedThroughOneNodeEndsEveryHopAtTheOthersIntrospection(KeycloakCluster cluster, Browser browser) {
        ApprovalBrowserIT.ClientScopes.ensure(cluster.nodeA().admin());
        AgentGrantFixture orchestrator = AgentGrantFixture.create(cluster.nodeA(), Map.of());
        cluster.nodeA().admin().updateClient(REALM, orchestrator.audience, c -> c.put("secret", "audience-secret"));
        AgentGrantFixture helper = AgentGrantFixture.create(
                cluster.nodeA(), Map.of("agent-grant.allowed-audiences", orchestrator.audience));
        orchestrator.setAttributes(Map.of("agent-grant.delegates", helper.agent));
        String username = ApprovedGrants.person(cluster.nodeA().admin(), "cluster-chain");
        String grantId =
                ApprovedGrants.approvedWithDelegates(browser, orchestrator, username, Map.of(), Set.of(helper.agent));
        Http nodeA = cluster.nodeA().http();
        Http nodeB = cluster.nodeB().http();
        String audience = Http.basic(orchestrator.audience, "audience-secret");

        String root = ExchangeCalls.exchange(nodeA, orchestrator, grantId)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        String hop = ExchangeCalls.handOver(nodeB, helper, root)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        for (Http node : new Http[] {nodeA, nodeB}) {
            assertThat(node.postForm(INTROSPECT, Map.of("token", hop), "Authorization", audience)
                            .expect(200)
                            .json()
                            .path("act")
                            .path("act")
                            .path("client_id")
                            .asText())
                    .isEqualTo(orchestrator.agent);
        }

        nodeA.postForm(
                        orchestrator.endpoint("grants/" + grantId + "/revoke"),
                        Map.of(),
                        "Authorization",
                        orchestrator.basicAuth())
                .expect(200);

        for (String token : new String[] {root, hop}) {
            assertThat(nodeB.postForm(INTROSPECT, Map.of("token", token), "Authorization", audience)
                            .expect(200)
                            .json()
                            .toString())
                    .isEqualTo("{\"active\":false}");
        }
        Http.Response refused = ExchangeCalls.handOver(nodeB, helper, root);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");
    }
}
