package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import dev.agentgrant.keycloak.testing.RealmAdmins;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /admin/realms/{realm}/agent-grant/attestation/sources}: each source of a realm of its own with the real
 * state of its trust material — inline keys counted, a key set fetched by URL with its fetch time, one whose URL fails
 * with its error — and Keycloak's view-realm permission in front. The URL sources are fetched by the factories'
 * background refresh (every 30 s), so the test waits for it. Needs plain-HTTP trust URLs for the spiffe-jwt-svid type,
 * which the harness allows (docs/testing.md).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationSourcesStatusIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";

    private final String realm = "sources-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final AttestationFixture attestation = new AttestationFixture();
    private HttpServer bundleServer;
    private KeycloakServer keycloak;
    private AdminApi admin;

    @BeforeAll
    void configure(KeycloakServer keycloak) throws IOException {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        bundleServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bundleServer.createContext("/bundle", exchange -> {
            byte[] body = attestation.bundle().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        bundleServer.createContext("/failing", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        bundleServer.start();
        admin.post("/realms", Map.of("realm", realm, "enabled", true)).expect(201);
        String base = "http://127.0.0.1:" + bundleServer.getAddress().getPort();
        source("b-fetched", Map.of("trust-domain", "example.org", "trust-url", base + "/bundle"));
        source("c-failing", Map.of("trust-domain", "example.org", "trust-url", base + "/failing"));
        source("a-inline", Map.of("trust-domain", "example.org", "trust", attestation.bundle()));
    }

    @AfterAll
    void stop() {
        admin.delete("/realms/" + realm);
        if (bundleServer != null) {
            bundleServer.stop(0);
        }
    }

    @Test
    void everySourceShowsItsTrustMaterialAsTheServerHoldsIt() throws InterruptedException {
        Instant start = Instant.now().minusSeconds(1);
        JsonNode sources = admin.getJson(sourcesPath()).path("sources");
        assertThat(names(sources)).containsExactly("a-inline", "b-fetched", "c-failing");
        JsonNode inline = sources.get(0);
        assertThat(inline.path("provider_id").asText()).isEqualTo("spiffe-jwt-svid");
        assertThat(inline.path("id").asText()).isNotBlank();
        assertThat(inline.path("available").asBoolean()).isTrue();
        assertThat(inline.path("trust").path("origin").asText()).isEqualTo("inline");
        assertThat(inline.path("trust").path("keys").asInt()).isEqualTo(1);
        assertThat(inline.path("trust").has("fetched_at")).isFalse();

        // The background refresh fetches each URL source once it has been read; wait for both to be tried.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(75));
        JsonNode fetched;
        JsonNode failing;
        do {
            Thread.sleep(1_000);
            sources = admin.getJson(sourcesPath()).path("sources");
            fetched = sources.get(1).path("trust");
            failing = sources.get(2).path("trust");
        } while ((!fetched.has("fetched_at") || !failing.has("last_error"))
                && Instant.now().isBefore(deadline));

        assertThat(fetched.path("origin").asText()).isEqualTo("fetched");
        assertThat(fetched.path("keys").asInt()).isEqualTo(1);
        assertThat(fetched.path("fetched_at").asLong()).isGreaterThanOrEqualTo(start.getEpochSecond());
        assertThat(fetched.path("last_attempt_at").asLong())
                .isGreaterThanOrEqualTo(fetched.path("fetched_at").asLong());
        assertThat(fetched.path("usable_until").asLong())
                .isGreaterThan(fetched.path("fetched_at").asLong());
        assertThat(fetched.has("last_error")).isFalse();
        assertThat(failing.path("origin").asText()).isEqualTo("fetched");
        assertThat(failing.has("fetched_at")).as("never fetched successfully").isFalse();
        assertThat(failing.has("keys")).isFalse();
        assertThat(failing.path("last_error").asText()).contains("503");
        assertThat(failing.path("last_attempt_at").asLong()).isGreaterThanOrEqualTo(start.getEpochSecond());
    }

    @Test
    void viewRealmIsNeededAndParametersAreRefused() {
        Http http = keycloak.http();
        String path = "/admin" + sourcesPath();
        String clientsViewer = createUser("view-clients");
        String realmViewer = createUser("view-realm");

        assertThat(http.get(path).status()).isEqualTo(401);
        assertThat(http.get(path, "Authorization", "Bearer " + token(clientsViewer))
                        .status())
                .isEqualTo(403);
        assertThat(names(http.get(path, "Authorization", "Bearer " + token(realmViewer))
                        .expect(200)
                        .json()
                        .path("sources")))
                .containsExactly("a-inline", "b-fetched", "c-failing");
        Http.Response withParameter = admin.get(sourcesPath() + "?name=a-inline");
        assertThat(withParameter.status()).isEqualTo(400);
        assertThat(withParameter.json().path("error").asText()).isEqualTo("invalid_request");
    }

    private String sourcesPath() {
        return "/realms/" + realm + "/agent-grant/attestation/sources";
    }

    private void source(String name, Map<String, String> config) {
        String realmId = admin.getJson("/realms/" + realm).path("id").asText();
        Map<String, List<String>> values = new HashMap<>();
        config.forEach((key, value) -> values.put(key, List.of(value)));
        admin.post(
                        "/realms/" + realm + "/components",
                        Map.of(
                                "name",
                                name,
                                "providerId",
                                "spiffe-jwt-svid",
                                "providerType",
                                PROVIDER_TYPE,
                                "parentId",
                                realmId,
                                "config",
                                values))
                .expect(201);
    }

    private static List<String> names(JsonNode sources) {
        List<String> names = new ArrayList<>();
        sources.forEach(source -> names.add(source.path("name").asText()));
        return names;
    }

    /** A user of the realm holding one realm-management role; answers the username. */
    private String createUser(String role) {
        String username = "sources-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = People.create(
                admin, realm, Profile.named(username, "Source", "Viewer").withPassword(PASSWORD));
        RealmAdmins.grantManagementRoles(admin, realm, userId, List.of(role));
        return username;
    }

    /** A token through a public client with direct access grants, made for this test. */
    private String token(String username) {
        return RealmAdmins.directGrantToken(admin, keycloak.http(), realm, "sources-probe-", username, PASSWORD);
    }
}
