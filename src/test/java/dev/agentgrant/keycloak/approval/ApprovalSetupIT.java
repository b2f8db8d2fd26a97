package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The approval client and flow exist from a realm's creation or import on, before anyone opens a public page; a public
 * request never creates them, and an admin's repair restores what was deleted.
 */
@KeycloakIntegrationTest
class ApprovalSetupIT {

    private static final String CODE = "BCDF-GHJK";

    @Test
    void aRealmCreatedThroughTheAdminApiHasTheClientAndFlowRightAway(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = newRealm(admin);
        try {
            JsonNode client = approvalClient(admin, realm).orElseThrow();
            String flowId = flowId(admin, realm).orElseThrow();
            assertThat(client.path("authenticationFlowBindingOverrides")
                            .path("browser")
                            .asText())
                    .isEqualTo(flowId);
            assertThat(client.path("publicClient").asBoolean()).isFalse();
            assertThat(client.path("standardFlowEnabled").asBoolean()).isFalse();
            assertThat(admin.getJson(setup(realm)).path("ready").asBoolean()).isTrue();
        } finally {
            admin.delete("/realms/" + realm).expect(204);
        }
    }

    @Test
    void importedRealmsHaveThemOnceEachWhetherTheImportCarriedThemOrNot(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        for (String realm : new String[] {AgentGrantFixture.REALM, "agent-grant-demo"}) {
            assertThat(admin.getJson("/realms/" + realm + "/clients?clientId=" + ApprovalRealmSetup.APPROVAL_CLIENT_ID))
                    .as(realm)
                    .hasSize(1);
            assertThat(admin.getJson("/realms/" + realm + "/authentication/flows")
                            .findValuesAsText("alias"))
                    .as(realm)
                    .containsOnlyOnce(ApprovalRealmSetup.FLOW_ALIAS);
            assertThat(admin.getJson(setup(realm)).path("ready").asBoolean())
                    .as(realm)
                    .isTrue();
        }
    }

    @Test
    void thePublicPageNeverRecreatesADeletedFlowOrClientAndTheAdminRepairDoes(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = newRealm(admin);
        try {
            admin.put("/realms/" + realm, Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true))
                    .expect(204);
            String verify = keycloak.realmUri(realm) + "/agent-grant/verify";
            Http http = keycloak.http();

            // Keycloak refuses to delete a flow a client is bound to: an admin unbinds it first.
            String clientUuid =
                    approvalClient(admin, realm).orElseThrow().path("id").asText();
            admin.put(
                            "/realms/" + realm + "/clients/" + clientUuid,
                            Map.of(
                                    "clientId",
                                    ApprovalRealmSetup.APPROVAL_CLIENT_ID,
                                    "authenticationFlowBindingOverrides",
                                    Map.of("browser", "")))
                    .expect(204);
            admin.delete("/realms/" + realm + "/authentication/flows/"
                            + flowId(admin, realm).orElseThrow())
                    .expect(204);
            assertUnavailable(http.get(verify + "?user_code=" + CODE));
            assertUnavailable(http.postForm(verify, Map.of("user_code", CODE)));
            assertThat(http.get(verify).status())
                    .as("the code entry itself needs nothing")
                    .isEqualTo(200);
            assertThat(flowId(admin, realm)).isEmpty();
            JsonNode broken = admin.getJson(setup(realm));
            assertThat(broken.path("ready").asBoolean()).isFalse();
            assertThat(broken.path("problem").asText()).contains("browser flow");

            JsonNode repaired = admin.post(setup(realm), Map.of()).expect(200).json();
            assertThat(repaired.path("flow_created").asBoolean()).isTrue();
            assertThat(repaired.path("flow_bound").asBoolean()).isTrue();
            assertThat(repaired.path("client_created").asBoolean()).isFalse();
            assertThat(repaired.path("ready").asBoolean()).isTrue();
            assertThat(approvalClient(admin, realm)
                            .orElseThrow()
                            .path("authenticationFlowBindingOverrides")
                            .path("browser")
                            .asText())
                    .isEqualTo(flowId(admin, realm).orElseThrow());
            assertThat(http.get(verify + "?user_code=" + CODE).status())
                    .as("on to the sign-in")
                    .isEqualTo(302);

            admin.delete("/realms/" + realm + "/clients/"
                            + approvalClient(admin, realm)
                                    .orElseThrow()
                                    .path("id")
                                    .asText())
                    .expect(204);
            assertUnavailable(http.get(verify + "?user_code=" + CODE));
            assertThat(approvalClient(admin, realm)).isEmpty();

            repaired = admin.post(setup(realm), Map.of()).expect(200).json();
            assertThat(repaired.path("client_created").asBoolean()).isTrue();
            assertThat(repaired.path("flow_created").asBoolean())
                    .as("the flow was still there")
                    .isFalse();
            assertThat(repaired.path("ready").asBoolean()).isTrue();
            assertThat(admin.post(setup(realm), Map.of())
                            .expect(200)
                            .json()
                            .path("flow_bound")
                            .asBoolean())
                    .as("a complete realm is left as it is")
                    .isFalse();

            JsonNode events = admin.getJson("/realms/" + realm + "/admin-events?operationTypes=ACTION");
            assertThat(events.findValuesAsText("resourcePath"))
                    .filteredOn(path -> path.endsWith("agent-grant/approval-setup"))
                    .hasSize(3);
        } finally {
            admin.delete("/realms/" + realm).expect(204);
        }
    }

    private static void assertUnavailable(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.body()).contains("not set up for approving agent tasks");
    }

    private static String newRealm(AdminApi admin) {
        String realm = "setup-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/realms", Map.of("realm", realm, "enabled", true)).expect(201);
        return realm;
    }

    private static String setup(String realm) {
        return "/realms/" + realm + "/agent-grant/approval-setup";
    }

    private static Optional<JsonNode> approvalClient(AdminApi admin, String realm) {
        JsonNode clients =
                admin.getJson("/realms/" + realm + "/clients?clientId=" + ApprovalRealmSetup.APPROVAL_CLIENT_ID);
        return clients.isEmpty() ? Optional.empty() : Optional.of(clients.get(0));
    }

    private static Optional<String> flowId(AdminApi admin, String realm) {
        for (JsonNode flow : admin.getJson("/realms/" + realm + "/authentication/flows")) {
            if (ApprovalRealmSetup.FLOW_ALIAS.equals(flow.path("alias").asText())) {
                return Optional.of(flow.path("id").asText());
            }
        }
        return Optional.empty();
    }
}
