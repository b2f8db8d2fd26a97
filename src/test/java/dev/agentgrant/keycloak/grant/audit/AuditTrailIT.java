package dev.agentgrant.keycloak.grant.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Who can add to the audit trail, and how long it is kept: refusals of callers the server has not established (a
 * public client, no or a wrong secret, a client that is no agent, a grant that is not the caller's) are Keycloak events
 * only; a realm's records older than its {@code agent-grant.audit-retention} are deleted by the cleanup task in
 * batches, and other realms keep theirs. Each test runs in realms of its own, since retention covers a whole realm.
 */
@KeycloakIntegrationTest
@Tag("persistence")
class AuditTrailIT {

    private static final List<String> EVENT_TYPES = List.of("TOKEN_EXCHANGE_ERROR", "OAUTH2_DEVICE_AUTH_ERROR");

    @Test
    void callersTheServerHasNotEstablishedLeaveEventsButNoAuditRecords(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = newRealm(admin, "audit-scope");
        try {
            AgentGrantFixture agent = AgentGrantFixture.createIn(keycloak, realm, Map.of());
            AgentGrantFixture other = AgentGrantFixture.createIn(keycloak, realm, Map.of());
            String grantId = agent.requestGrant().path("grant_id").asText();
            assertThat(records(admin, realm)).as("the request's own record").isEqualTo(1);
            Http http = keycloak.http();
            String token = ExchangeCalls.tokenPath(agent);
            Map<String, String> exchange = ExchangeCalls.exchangeForm(grantId, agent.presentation());

            // A public client: Keycloak lets it through without a secret; the exchange refuses it.
            Map<String, String> publicForm = new LinkedHashMap<>(exchange);
            publicForm.put("client_id", "admin-cli");
            assertError(http.postForm(token, publicForm), 401, "invalid_client");
            // The agent's client_id without its secret, and with a wrong one: Keycloak's client authentication refuses.
            Map<String, String> noSecret = new LinkedHashMap<>(exchange);
            noSecret.put("client_id", agent.agent);
            assertThat(http.postForm(token, noSecret).status()).isEqualTo(401);
            assertThat(http.postForm(token, exchange, "Authorization", Http.basic(agent.agent, "wrong-secret"))
                            .status())
                    .isEqualTo(401);
            // A confidential client that is no agent, with its right secret.
            String audienceUuid = admin.getJson("/realms/" + realm + "/clients?clientId=" + agent.audience)
                    .get(0)
                    .path("id")
                    .asText();
            String audienceSecret = admin.getJson("/realms/" + realm + "/clients/" + audienceUuid + "/client-secret")
                    .path("value")
                    .asText();
            assertError(
                    http.postForm(token, exchange, "Authorization", Http.basic(agent.audience, audienceSecret)),
                    400,
                    "unauthorized_client");
            assertThat(http.postForm(
                                    "/realms/" + realm + "/agent-grant/requests",
                                    agent.form(Map.of()),
                                    "Authorization",
                                    Http.basic(agent.audience, audienceSecret))
                            .status())
                    .isEqualTo(400);
            // Another agent, established, naming a grant that is not its own.
            assertError(
                    ExchangeCalls.send(
                            http, token, other, ExchangeCalls.exchangeForm(grantId, other.presentation()), null),
                    400,
                    "invalid_grant");

            assertThat(records(admin, realm)).as("no record for any of them").isEqualTo(1);
            assertThat(admin.getJson("/realms/" + realm + "/agent-grant/grants/" + grantId)
                            .path("audit")
                            .findValuesAsText("action"))
                    .containsExactly("requested");
            JsonNode events = admin.getJson("/realms/" + realm + "/events?max=100");
            assertThat(reasons(events, "admin-cli")).contains("public_client");
            assertThat(errors(events, agent.agent)).contains("invalid_client_credentials");
            assertThat(reasons(events, agent.audience)).contains("not_an_agent");
            assertThat(reasons(events, other.agent)).contains("foreign_grant");
        } finally {
            admin.delete("/realms/" + realm).expect(204);
        }
    }

    @Test
    void recordsPastTheRealmsRetentionAreDeletedInBatchesAndOtherRealmsKeepTheirs(KeycloakServer keycloak)
            throws Exception {
        AdminApi admin = keycloak.admin();
        String realm = newRealm(admin, "audit-retention");
        String keeper = newRealm(admin, "audit-keeper");
        try {
            AgentGrantFixture agent = AgentGrantFixture.createIn(keycloak, realm, Map.of());
            AgentGrantFixture kept = AgentGrantFixture.createIn(keycloak, keeper, Map.of());
            // Refused requests of an established agent are recorded: more than one batch of them.
            Map<String, String> noAudience = agent.form(Map.of("audience", ""));
            int refused = 520;
            for (int i = 0; i < refused; i++) {
                assertThat(agent.request(noAudience).status()).isEqualTo(400);
            }
            assertThat(kept.request(kept.form(Map.of("audience", ""))).status()).isEqualTo(400);
            assertThat(records(admin, realm)).isEqualTo(refused);
            assertThat(records(admin, keeper)).isEqualTo(1);
            JsonNode summary = admin.getJson("/realms/" + realm + "/agent-grant/audit");
            assertThat(summary.path("retention_seconds").asLong())
                    .as("the default")
                    .isEqualTo(Duration.ofDays(400).toSeconds());

            // Once every record is older than the retention about to be set, one cleanup run (every 5 s in tests) takes
            // them all, 500 per transaction.
            Thread.sleep(11_000);
            setRetention(admin, realm, "10s");
            assertThat(admin.getJson("/realms/" + realm + "/agent-grant/audit")
                            .path("retention_seconds")
                            .asLong())
                    .isEqualTo(10);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records(admin, realm) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(records(admin, realm)).isZero();
            assertThat(records(admin, keeper))
                    .as("another realm, on the default retention")
                    .isEqualTo(1);
            keycloak.logFile().ifPresent(log -> {
                try {
                    assertThat(Files.readString(log))
                            .contains("removed " + refused + " records older than PT10S from realm " + realm
                                    + " in 2 batches");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            setRetention(admin, realm, "forever");
            assertThat(admin.getJson("/realms/" + realm + "/agent-grant/audit")
                            .path("retention_problem")
                            .asText())
                    .contains("forever");
        } finally {
            admin.delete("/realms/" + realm).expect(204);
            admin.delete("/realms/" + keeper).expect(204);
        }
    }

    private static String newRealm(AdminApi admin, String prefix) {
        String realm = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post(
                        "/realms",
                        Map.of(
                                "realm",
                                realm,
                                "enabled",
                                true,
                                "eventsEnabled",
                                true,
                                "enabledEventTypes",
                                EVENT_TYPES))
                .expect(201);
        return realm;
    }

    private static void setRetention(AdminApi admin, String realm, String value) {
        admin.put("/realms/" + realm, Map.of("attributes", Map.of("agent-grant.audit-retention", value)))
                .expect(204);
    }

    private static long records(AdminApi admin, String realm) {
        return admin.getJson("/realms/" + realm + "/agent-grant/audit")
                .path("records")
                .asLong();
    }

    private static List<String> reasons(JsonNode events, String clientId) {
        return eventsOf(events, clientId).stream()
                .map(e -> e.path("details").path("reason").asText())
                .toList();
    }

    private static List<String> errors(JsonNode events, String clientId) {
        return eventsOf(events, clientId).stream()
                .map(e -> e.path("error").asText())
                .toList();
    }

    private static List<JsonNode> eventsOf(JsonNode events, String clientId) {
        List<JsonNode> matching = new ArrayList<>();
        events.forEach(e -> {
            if (clientId.equals(e.path("clientId").asText())) {
                matching.add(e);
            }
        });
        return matching;
    }

    private static void assertError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("error").asText())
                .as(response.toString())
                .isEqualTo(error);
        assertThat(response.header("Cache-Control")).contains("no-store");
    }
}
