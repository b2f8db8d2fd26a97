package dev.agentgrant.keycloak.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.RealmFiles;
import dev.agentgrant.keycloak.testing.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every realm shipped in realm-exports/ imports cleanly: the realm, its clients with their attributes, its users. */
@Tag("persistence")
@KeycloakIntegrationTest
class RealmImportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            assertThat(imported.path("enabled").asBoolean())
                    .as("realm %s enabled", realm)
                    .isEqualTo(expected.path("enabled").asBoolean(true));

            for (JsonNode client : expected.path("clients")) {
                String clientId = client.path("clientId").asText();
                JsonNode found = admin.getJson("/realms/" + realm + "/clients?clientId=" + encode(clientId));
                assertThat(found).as("client %s in realm %s", clientId, realm).hasSize(1);
                for (Map.Entry<String, JsonNode> attribute :
                        client.path("attributes").properties()) {
                    assertThat(found.get(0)
                                    .path("attributes")
                                    .path(attribute.getKey())
                                    .asText())
                            .as("attribute %s of client %s", attribute.getKey(), clientId)
                            .isEqualTo(attribute.getValue().asText());
                }
                if (client.path("serviceAccountsEnabled").asBoolean()) {
                    admin.get("/realms/" + realm + "/clients/"
                                    + found.get(0).path("id").asText() + "/service-account-user")
                            .expect(200);
                }
            }

            for (JsonNode user : expected.path("users")) {
                String username = user.path("username").asText();
                JsonNode found = admin.getJson("/realms/" + realm + "/users?exact=true&username=" + encode(username));
                assertThat(found).as("user %s in realm %s", username, realm).hasSize(1);
                assertThat(found.get(0).path("email").asText())
                        .isEqualTo(user.path("email").asText());
            }
        }
    }

    @Test
    void demoUsersSignInWithThePasswordsAndOtpSecretsTheDemoPublishes(KeycloakServer keycloak) {
        // Every realm has Keycloak's public admin-cli client with direct grants on: a password grant through it
        // proves the imported credential is the one the banner and README print. Keycloak's direct grant flow
        // asks users with OTP for a code as well (parameter totp), which proves the imported OTP secret.
        for (Path file : shippedRealms()) {
            JsonNode realm = RealmFiles.read(file);
            for (JsonNode user : realm.path("users")) {
                Map<String, String> form = new HashMap<>(Map.of(
                        "grant_type", "password",
                        "client_id", "admin-cli",
                        "username", user.path("username").asText()));
                for (JsonNode credential : user.path("credentials")) {
                    switch (credential.path("type").asText()) {
                        case "password" ->
                            form.put("password", credential.path("value").asText());
                        case "otp" -> form.put("totp", Totp.unused(otpSecret(credential)));
                        default -> {}
                    }
                }
                keycloak.http()
                        .postForm("/realms/" + realm.path("realm").asText() + "/protocol/openid-connect/token", form)
                        .expect(200);
            }
        }
    }

    @Test
    void realmsThatDeclareClientScopesKeepKeycloaksDefaultScopes(KeycloakServer keycloak) {
        // A realm file that lists clientScopes replaces Keycloak's built-in scopes unless its attribute
        // CreateDefaultClientScopes asks for them; without profile, email, roles, ... tokens and the account
        // console lose their claims and roles.
        AdminApi admin = keycloak.admin();
        for (Path file : shippedRealms()) {
            JsonNode expected = RealmFiles.read(file);
            if (!expected.has("clientScopes")) {
                continue;
            }
            String realm = expected.path("realm").asText();
            JsonNode scopes = admin.getJson("/realms/" + realm + "/client-scopes");
            assertThat(admin.getJson("/realms/" + realm + "/default-default-client-scopes")
                            .findValuesAsText("name"))
                    .as("default client scopes of realm %s", realm)
                    .contains("basic", "profile", "email", "roles", "web-origins", "acr");
            for (JsonNode scope : expected.path("clientScopes")) {
                String name = scope.path("name").asText();
                JsonNode found = null;
                for (JsonNode candidate : scopes) {
                    if (name.equals(candidate.path("name").asText())) {
                        found = candidate;
                    }
                }
                assertThat(found).as("client scope %s in realm %s", name, realm).isNotNull();
                for (Map.Entry<String, JsonNode> attribute :
                        scope.path("attributes").properties()) {
                    assertThat(found.path("attributes").path(attribute.getKey()).asText())
                            .as("attribute %s of client scope %s", attribute.getKey(), name)
                            .isEqualTo(attribute.getValue().asText());
                }
            }
        }
    }

    /** Keycloak keys its HMAC with the UTF-8 bytes of the stored secret. */
    private static byte[] otpSecret(JsonNode credential) {
        try {
            return JSON.readTree(credential.path("secretData").asText())
                    .path("value")
                    .asText()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
