package dev.agentgrant.keycloak.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.KeycloakCluster;
import dev.agentgrant.keycloak.testing.KeycloakClusterTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Two nodes sharing one PostgreSQL form one cluster: what is changed through one node is seen through the other. */
@KeycloakClusterTest
class ClusterIT {

    private static final String REALM = "agent-grant-demo";

    @Test
    void bothNodesJoinOneClusterView(KeycloakCluster cluster) throws IOException {
        for (KeycloakServer node : cluster.nodes()) {
            String log = Files.readString(node.logFile().orElseThrow());
            // Infinispan logs ISPN000094 with the member count in parentheses on every view change.
            assertThat(log).as("cluster view in the log of %s", node.describe()).containsPattern("ISPN000094.*\\(2\\)");
        }
    }

    @Test
    void bothNodesRunTheExtension(KeycloakCluster cluster) {
        for (KeycloakServer node : cluster.nodes()) {
            node.http().get("/realms/" + REALM + "/agent-grant").expect(200);
        }
    }

    @Test
    void aUserCreatedThroughNodeAIsSeenThroughNodeB(KeycloakCluster cluster) {
        String username = "cluster-" + UUID.randomUUID();
        cluster.nodeA()
                .admin()
                .post("/realms/" + REALM + "/users", Map.of("username", username, "enabled", true))
                .expect(201);

        JsonNode found = cluster.nodeB().admin().getJson("/realms/" + REALM + "/users?exact=true&username=" + username);

        assertThat(found).hasSize(1);
    }

    @Test
    void aChangeThroughNodeAInvalidatesWhatNodeBHasCached(KeycloakCluster cluster) {
        String clientsPath = "/realms/" + REALM + "/clients";
        JsonNode client = cluster.nodeB()
                .admin()
                .getJson(clientsPath + "?clientId=demo-api")
                .get(0);
        String clientPath = clientsPath + "/" + client.path("id").asText();
        String description = "changed through node A " + UUID.randomUUID();

        // Node B has the client in its realm cache now; node A changes it.
        ((com.fasterxml.jackson.databind.node.ObjectNode) client).put("description", description);
        cluster.nodeA().admin().put(clientPath, client).expect(204);

        assertThat(eventually(
                        () -> cluster.nodeB()
                                .admin()
                                .getJson(clientPath)
                                .path("description")
                                .asText(),
                        description,
                        Duration.ofSeconds(10)))
                .isEqualTo(description);
    }

    @Test
    void aSourceChangedThroughNodeAIsInForceOnNodeBDespiteItsVerificationCache(KeycloakCluster cluster) {
        String realm = "agent-grant-it";
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String source = "spire-" + suffix;
        String agent = "cluster-agent-" + suffix;
        dev.agentgrant.keycloak.attestation.AttestationFixture trusted =
                new dev.agentgrant.keycloak.attestation.AttestationFixture();
        dev.agentgrant.keycloak.attestation.AttestationFixture replacement =
                new dev.agentgrant.keycloak.attestation.AttestationFixture();
        var adminA = cluster.nodeA().admin();
        String realmId = adminA.getJson("/realms/" + realm).path("id").asText();
        String location = adminA.post(
                        "/realms/" + realm + "/components",
                        Map.of(
                                "name",
                                source,
                                "providerId",
                                "spiffe-jwt-svid",
                                "providerType",
                                "dev.agentgrant.keycloak.attestation.spi.AttestationSource",
                                "parentId",
                                realmId,
                                "config",
                                Map.of(
                                        "trust-domain",
                                        java.util.List.of("example.org"),
                                        "trust",
                                        java.util.List.of(trusted.bundle()))))
                .expect(201)
                .header("Location");
        adminA.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                agent,
                                "publicClient",
                                false,
                                "serviceAccountsEnabled",
                                true,
                                "fullScopeAllowed",
                                false,
                                "attributes",
                                Map.of(
                                        "agent-grant.enabled",
                                        "true",
                                        "agent-grant.attestation-policy",
                                        "{\"require\":[\"" + source + "\"]}")))
                .expect(201);
        // One shared hostname: the realm issuer is node A's URL on both nodes.
        String issuer = cluster.nodeA().realmUri(realm).toString();
        String svid = trusted.svid("spiffe://example.org/agents/c", issuer, java.time.Instant.now());

        assertThat(explainOnB(
                                cluster,
                                realm,
                                agent,
                                trusted.presentation(agent, issuer, Map.of(source, svid), java.time.Instant.now()))
                        .path("allowed")
                        .asBoolean())
                .isTrue();

        String componentPath = "/realms/" + realm + "/components/" + location.substring(location.lastIndexOf('/') + 1);
        com.fasterxml.jackson.databind.node.ObjectNode component =
                (com.fasterxml.jackson.databind.node.ObjectNode) adminA.getJson(componentPath);
        component.withObjectProperty("config").putArray("trust").add(replacement.bundle());
        adminA.put(componentPath, component).expect(204);

        // The same SVID bytes: node B must not answer from the result it cached under the old configuration.
        String reason = eventually(
                () -> explainOnB(
                                cluster,
                                realm,
                                agent,
                                trusted.presentation(agent, issuer, Map.of(source, svid), java.time.Instant.now()))
                        .path("reason")
                        .asText(),
                "unknown_key",
                Duration.ofSeconds(10));
        assertThat(reason).isEqualTo("unknown_key");
    }

    private static JsonNode explainOnB(KeycloakCluster cluster, String realm, String agent, String presentation) {
        return cluster.nodeB()
                .admin()
                .post(
                        "/realms/" + realm + "/agent-grant/attestation/explain",
                        Map.of("client_id", agent, "presentation", presentation))
                .expect(200)
                .json();
    }

    private static String eventually(Supplier<String> read, String expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String value = read.get();
        while (!expected.equals(value) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }
}
