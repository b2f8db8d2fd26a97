package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.testing.Concurrently;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakCluster;
import dev.agentgrant.keycloak.testing.KeycloakClusterTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Grant requests on two Keycloak nodes sharing one database and one cluster-wide single-use store. */
@KeycloakClusterTest
class GrantClusterIT {

    /** RFC 7519 §4.1.7 (jti) on two nodes: the replay entry is cluster-wide, so one presentation makes one grant. */
    @Test
    void twentyCopiesOfOnePresentationSplitAcrossTwoNodesMakeExactlyOneGrant(KeycloakCluster cluster) throws Exception {
        AgentGrantFixture agent =
                AgentGrantFixture.create(cluster.nodeA(), Map.of("agent-grant.max-pending-requests", "50"));
        Map<String, String> form = agent.form(Map.of());
        List<Http> nodes = List.of(cluster.nodeA().http(), cluster.nodeB().http());
        AtomicInteger next = new AtomicInteger();

        List<Http.Response> responses =
                Concurrently.run(20, () -> agent.request(nodes.get(next.getAndIncrement() % 2), form));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 201).hasSize(19).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("invalid_grant");
        });
    }

    @Test
    void aGrantRequestedThroughOneNodeIsReadThroughTheOther(KeycloakCluster cluster) {
        AgentGrantFixture agent = AgentGrantFixture.create(cluster.nodeA(), Map.of());
        String grantId = agent.request(cluster.nodeA().http(), agent.form(Map.of()))
                .expect(201)
                .json()
                .path("grant_id")
                .asText();

        Http.Response status = cluster.nodeB()
                .http()
                .get(AgentGrantFixture.path("grants/" + grantId), "Authorization", agent.basicAuth());

        assertThat(status.expect(200).json().path("status").asText()).isEqualTo("PENDING");
    }

    /** A transition made through one node (an admin denies the agent's pending requests) is what the other node reads. */
    @Test
    void aTransitionThroughOneNodeIsSeenThroughTheOther(KeycloakCluster cluster) {
        AgentGrantFixture agent = AgentGrantFixture.create(cluster.nodeA(), Map.of());
        String grantId = agent.request(cluster.nodeB().http(), agent.form(Map.of()))
                .expect(201)
                .json()
                .path("grant_id")
                .asText();
        // Node B has read the grant; node A changes it.
        cluster.nodeB()
                .http()
                .get(AgentGrantFixture.path("grants/" + grantId), "Authorization", agent.basicAuth())
                .expect(200);

        cluster.nodeA()
                .admin()
                .post("/realms/" + AgentGrantFixture.REALM + "/agent-grant/grants/revoke", Map.of("agent", agent.agent))
                .expect(200);

        Http.Response status = cluster.nodeB()
                .http()
                .get(AgentGrantFixture.path("grants/" + grantId), "Authorization", agent.basicAuth());
        assertThat(status.expect(200).json().path("status").asText()).isEqualTo("DENIED");
    }
}
