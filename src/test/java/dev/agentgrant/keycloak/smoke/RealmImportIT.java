package dev.agentgrant.keycloak.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.RealmFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every realm shipped in realm-exports/ imports cleanly: the realm, its clients with their attributes, its users. */
@Tag("persistence")
@KeycloakIntegrationTest
class RealmImportIT {

    private static List<Path> shippedRealms() {
        return RealmFiles.in(List.of(HarnessSettings.fromSystemProperties().realmExportsDirectory()));
    }

    @Test
    void atLeastTheDemoRealmIsShipped() {
        assertThat(shippedRealms()).extracting(RealmFiles::realmName).contains("agent-grant-demo");
    }

    @Test
    void everyShippedRealmIsImportedWithItsClientsAndUsers(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        for (Path file : shippedRealms()) {
            JsonNode expected = RealmFiles.read(file);
            String realm = expected.path("realm").asText();

            JsonNode imported = admin.getJson("/realms/" + realm);
            assertThat(imported.path("enabled").asBoolean()).as("realm %s enabled", realm)
                    .isEqualTo(expected.path("enabled").asBoolean(true));

            for (JsonNode client : expected.path("clients")) {
                String clientId = client.path("clientId").asText();
                JsonNode found = admin.getJson("/realms/" + realm + "/clients?clientId=" + encode(clientId));
                assertThat(found).as("client %s in realm %s", clientId, realm).hasSize(1);
                for (Map.Entry<String, JsonNode> attribute : client.path("attributes").properties()) {
                    assertThat(found.get(0).path("attributes").path(attribute.getKey()).asText())
                            .as("attribute %s of client %s", attribute.getKey(), clientId)
                            .isEqualTo(attribute.getValue().asText());
                }
                if (client.path("serviceAccountsEnabled").asBoolean()) {
                    admin.get("/realms/" + realm + "/clients/" + found.get(0).path("id").asText() + "/service-account-user")
                            .expect(200);
                }
            }

            for (JsonNode user : expected.path("users")) {
                String username = user.path("username").asText();
                JsonNode found = admin.getJson("/realms/" + realm + "/users?exact=true&username=" + encode(username));
                assertThat(found).as("user %s in realm %s", username, realm).hasSize(1);
                assertThat(found.get(0).path("email").asText()).isEqualTo(user.path("email").asText());
            }
        }
    }

    @Test
    void demoUsersSignInWithThePasswordsTheDemoPublishes(KeycloakServer keycloak) {
        // Every realm has Keycloak's public admin-cli client with direct grants on: a password grant through it
        // proves the imported credential is the one the banner and README print.
        for (Path file : shippedRealms()) {
            JsonNode realm = RealmFiles.read(file);
            for (JsonNode user : realm.path("users")) {
                for (JsonNode credential : user.path("credentials")) {
                    keycloak.http().postForm("/realms/" + realm.path("realm").asText() + "/protocol/openid-connect/token", Map.of(
                            "grant_type", "password",
                            "client_id", "admin-cli",
                            "username", user.path("username").asText(),
                            "password", credential.path("value").asText())).expect(200);
                }
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
