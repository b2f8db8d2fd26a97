package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.KeycloakCluster;
import dev.agentgrant.keycloak.testing.KeycloakClusterTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The revocation push on two nodes sharing one database (README.md, "Revocation push"): SETs queued through either node
 * reach the receiver once each, and a SET queued while the receiver is down survives a restart of the whole cluster and
 * is delivered when both are back. The restart stops and starts both nodes (about two node starts); it is the one thing
 * here only a restart can show, and the nodes come back on the same ports for the classes after this one.
 */
@KeycloakClusterTest
@ExtendWith(BrowserExtension.class)
class RevocationPushClusterIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private record Setup(AgentGrantFixture agent, SetReceiver receiver, String path, String person) {}

    private static Setup setUp(KeycloakCluster cluster) {
        AdminApi admin = cluster.nodeA().admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        AgentGrantFixture agent =
                AgentGrantFixture.create(cluster.nodeA(), Map.of("agent-grant.max-pending-requests", "50"));
        SetReceiver receiver = SetReceiver.start();
        String path = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        admin.updateClient(REALM, agent.audience, client -> {
            ObjectNode attributes = client.withObjectProperty("attributes");
            attributes.put("agent-grant.ssf.push-endpoint", receiver.endpoint(path));
        });
        return new Setup(agent, receiver, path, ApprovedGrants.person(admin, "ssf-cluster"));
    }

    private static void tearDown(KeycloakCluster cluster, Setup setup) {
        cluster.nodeA()
                .admin()
                .updateClient(
                        REALM,
                        setup.agent().audience,
                        client -> client.withObjectProperty("attributes").put("agent-grant.ssf.push-endpoint", ""));
        setup.receiver().close();
    }

    private static Predicate<SetReceiver.Push> about(String grantId) {
        return push -> SetVerifier.payload(push.body())
                .path("sub_id")
                .path("session")
                .path("id")
                .asText()
                .equals(grantId);
    }

    private static JsonNode signal(KeycloakServer node, String grantId) {
        JsonNode signals = node.admin()
                .getJson("/realms/" + REALM + "/agent-grant/signals?grant=" + grantId)
                .path("signals");
        return signals.size() == 1 ? signals.get(0) : null;
    }

    private static JsonNode awaitSignal(KeycloakServer node, String grantId, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = signal(node, grantId);
            if (last != null && done.test(last)) {
                return last;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("grant " + grantId + "'s SET not as expected within " + WAIT + "; last " + last);
    }

    @Test
    void setsQueuedThroughEitherNodeReachTheReceiverOnceEach(KeycloakCluster cluster, Browser browser) {
        Setup setup = setUp(cluster);
        try {
            List<String> grants = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                grants.add(ApprovedGrants.approved(browser, setup.agent(), setup.person(), Map.of()));
            }
            // Two revoked through node B one by one, the rest through node A at once.
            for (String grantId : grants.subList(0, 2)) {
                cluster.nodeB()
                        .admin()
                        .post("/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke", Map.of())
                        .expect(200);
            }
            cluster.nodeA()
                    .admin()
                    .post("/realms/" + REALM + "/agent-grant/grants/revoke", Map.of("agent", setup.agent().agent))
                    .expect(200);

            for (String grantId : grants) {
                awaitSignal(
                        cluster.nodeB(), grantId, s -> s.path("status").asText().equals("DELIVERED"));
            }
            // Both nodes poll every second: a SET sent twice would show within a few more polls.
            sleep(Duration.ofSeconds(5));
            Map<String, Long> perJti = setup.receiver().pushesTo(setup.path(), push -> true).stream()
                    .collect(Collectors.groupingBy(
                            push -> SetVerifier.payload(push.body()).path("jti").asText(), Collectors.counting()));
            assertThat(perJti)
                    .hasSize(4)
                    .allSatisfy((jti, count) -> assertThat(count).as(jti).isEqualTo(1L));
        } finally {
            tearDown(cluster, setup);
        }
    }

    @Test
    void aSetQueuedWhileTheReceiverIsDownSurvivesARestartOfTheCluster(KeycloakCluster cluster, Browser browser) {
        Setup setup = setUp(cluster);
        try {
            String grantId = ApprovedGrants.approved(browser, setup.agent(), setup.person(), Map.of());
            setup.receiver().answer(503, "");
            cluster.nodeA()
                    .admin()
                    .post("/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke", Map.of())
                    .expect(200);
            JsonNode failing = awaitSignal(
                    cluster.nodeA(), grantId, s -> s.path("attempts").asInt() >= 1);
            assertThat(failing.path("status").asText()).isEqualTo("PENDING");

            int seen = setup.receiver().pushesTo(setup.path(), about(grantId)).size();

            // The receiver comes back while no node runs: nothing is left in any node's memory.
            cluster.restart(() -> setup.receiver().accept());

            List<SetReceiver.Push> pushes = setup.receiver().awaitMore(setup.path(), about(grantId), seen, WAIT);
            assertThat(pushes).as("a push after the restart").hasSizeGreaterThan(seen);
            JsonNode claims = SetVerifier.verified(
                    pushes.get(pushes.size() - 1).body(),
                    SetVerifier.realmKeys(cluster.nodeA().http(), REALM));
            assertThat(claims.path("jti").asText()).isEqualTo(failing.path("id").asText());
            assertThat(claims.path("events").has(RevocationPushIT.SESSION_REVOKED))
                    .isTrue();
            JsonNode done = awaitSignal(
                    cluster.nodeB(), grantId, s -> s.path("status").asText().equals("DELIVERED"));
            assertThat(done.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        } finally {
            tearDown(cluster, setup);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
