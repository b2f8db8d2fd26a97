package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A SPIFFE source whose bundle Keycloak fetches by URL from a server in the test JVM: the bundle is fetched,
 * a key rotation is picked up through the unknown-kid refetch, and an unreachable or failing endpoint keeps the
 * last good bundle. Needs the server options the harness sets (plain HTTP and a 1 s refetch interval for the
 * spiffe-jwt-svid source type; see KeycloakOptions and docs/testing.md).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustUrlIT {

    private static final String REALM = "agent-grant-it";
    private static final String WORKLOAD = "spiffe://example.org/agents/url";

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String source = "spire-url-" + suffix;
    private final String agent = "url-agent-" + suffix;
    private final AtomicReference<String> bundle = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer bundleServer;
    private KeycloakServer keycloak;
    private AdminApi admin;
    private String issuer;

    @BeforeAll
    void configure(KeycloakServer keycloak) throws IOException {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        this.issuer = keycloak.realmUri(REALM).toString();
        bundleServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bundleServer.createContext("/bundle", exchange -> {
            fetches.incrementAndGet();
            byte[] body = bundle.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        bundleServer.start();

        String realmId = admin.getJson("/realms/" + REALM).path("id").asText();
        admin.post(
                        "/realms/" + REALM + "/components",
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
                                        List.of("example.org"),
                                        "trust-url",
                                        List.of("http://127.0.0.1:"
                                                + bundleServer.getAddress().getPort() + "/bundle"))))
                .expect(201);
        admin.post(
                        "/realms/" + REALM + "/clients",
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
    }

    @AfterAll
    void stop() {
        if (bundleServer != null) {
            bundleServer.stop(0);
        }
    }

    private JsonNode explain(AttestationFixture domain) {
        String presentation = domain.presentation(
                agent, issuer, Map.of(source, domain.svid(WORKLOAD, issuer, Instant.now())), Instant.now());
        return admin.post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", agent, "presentation", presentation))
                .expect(200)
                .json();
    }

    @Test
    void theBundleIsFetchedRotatedAndKeptWhileItsServerFails() throws InterruptedException {
        AttestationFixture first = new AttestationFixture();
        bundle.set(first.bundle());
        assertThat(explain(first).path("allowed").asBoolean())
                .as("fetched bundle")
                .isTrue();
        assertThat(fetches.get()).isGreaterThanOrEqualTo(1);

        // The trust domain rotates to a new key: an SVID with the unknown kid triggers one refetch.
        AttestationFixture rotated = new AttestationFixture();
        bundle.set(rotated.bundle());
        Thread.sleep(Duration.ofMillis(1_100).toMillis());
        assertThat(explain(rotated).path("allowed").asBoolean())
                .as("rotated key after refetch")
                .isTrue();

        // The bundle endpoint fails: the last good bundle stays in use (bounded by trust-max-stale).
        status.set(500);
        Thread.sleep(Duration.ofMillis(1_100).toMillis());
        assertThat(explain(rotated).path("allowed").asBoolean())
                .as("stale bundle while the endpoint fails")
                .isTrue();
        // A key the last good bundle never held is still refused.
        JsonNode unknown = explain(new AttestationFixture());
        assertThat(unknown.path("allowed").asBoolean()).isFalse();
        assertThat(unknown.path("reason").asText()).isEqualTo("unknown_key");
        status.set(200);
    }
}
