package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What happens to grants when what they depend on goes away: nothing is left pointing at a removed client, and a
 * removed realm takes its grants and audit records with it.
 */
@KeycloakIntegrationTest
@Tag("persistence")
class GrantLifecycleIT {

    private static final String GRANTS = "/realms/" + AgentGrantFixture.REALM + "/agent-grant/grants/";

    @Test
    void removingAnAgentDeniesItsPendingRequestsAndAuditsIt(KeycloakServer keycloak) {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String grantId = agent.requestGrant().path("grant_id").asText();
        AdminApi admin = keycloak.admin();
        String clientUuid = admin.getJson("/realms/" + AgentGrantFixture.REALM + "/clients?clientId=" + agent.agent)
                .get(0)
                .path("id")
                .asText();

        admin.delete("/realms/" + AgentGrantFixture.REALM + "/clients/" + clientUuid)
                .expect(204);

        JsonNode grant = admin.getJson(GRANTS + grantId);
        assertThat(grant.path("status").asText()).isEqualTo("DENIED");
        assertThat(grant.path("end_reason").asText()).isEqualTo("client_deleted");
        assertThat(grant.path("audit").findValuesAsText("action")).containsExactly("requested", "denied");
        assertThat(grant.path("audit").get(1).path("actor_type").asText()).isEqualTo("system");
    }

    @Test
    void removingTheAudienceDeniesRequestsThatNameIt(KeycloakServer keycloak) {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String grantId = agent.requestGrant().path("grant_id").asText();
        AdminApi admin = keycloak.admin();
        String audienceUuid = admin.getJson(
                        "/realms/" + AgentGrantFixture.REALM + "/clients?clientId=" + agent.audience)
                .get(0)
                .path("id")
                .asText();

        admin.delete("/realms/" + AgentGrantFixture.REALM + "/clients/" + audienceUuid)
                .expect(204);

        assertThat(agent.status(grantId).expect(200).json().path("status").asText())
                .isEqualTo("DENIED");
    }

    @Test
    void aRealmWithGrantsAndAuditRecordsCanBeRemoved(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/realms", Map.of("realm", realm, "enabled", true)).expect(201);
        String realmId = admin.getJson("/realms/" + realm).path("id").asText();
        AttestationFixture attestation = new AttestationFixture();
        admin.post(
                        "/realms/" + realm + "/components",
                        Map.of(
                                "name",
                                "spire",
                                "providerId",
                                "spiffe-jwt-svid",
                                "providerType",
                                "dev.agentgrant.keycloak.attestation.spi.AttestationSource",
                                "parentId",
                                realmId,
                                "config",
                                Map.of("trust-domain", List.of("example.org"), "trust", List.of(attestation.bundle()))))
                .expect(201);
        admin.post("/realms/" + realm + "/clients", Map.of("clientId", "api", "publicClient", false))
                .expect(201);
        admin.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                "agent",
                                "publicClient",
                                false,
                                "secret",
                                "s3cret",
                                "serviceAccountsEnabled",
                                true,
                                "fullScopeAllowed",
                                false,
                                "attributes",
                                Map.of(
                                        "agent-grant.enabled",
                                        "true",
                                        "agent-grant.allowed-audiences",
                                        "api",
                                        "agent-grant.allowed-scopes",
                                        "read",
                                        "agent-grant.attestation-policy",
                                        "{\"require\":[\"spire\"]}")))
                .expect(201);
        String issuer = keycloak.realmUri(realm).toString();
        Instant now = Instant.now();
        String presentation = attestation.presentation(
                "agent", issuer, Map.of("spire", attestation.svid("spiffe://example.org/agent", issuer, now)), now);
        keycloak.http()
                .postForm(
                        "/realms/" + realm + "/agent-grant/requests",
                        Map.of(
                                "audience",
                                "api",
                                "scope",
                                "read",
                                "purpose",
                                "Read things",
                                "actor_token",
                                presentation,
                                "actor_token_type",
                                "urn:agentgrant:token-type:attestation",
                                "client_id",
                                "agent",
                                "client_secret",
                                "s3cret"))
                .expect(201);

        admin.delete("/realms/" + realm).expect(204);

        assertThat(admin.realmExists(realm)).isFalse();
    }
}
