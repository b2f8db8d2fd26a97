package dev.agentgrant.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KeycloakIntegrationTest
class DiscoveryEndpointIT {

    private static final String REALM = "agent-grant-demo";

    @Test
    void anAgentDiscoversTheRealmsIssuerAndTheContractWithoutAuthenticating(KeycloakServer keycloak) {
        Http.Response response =
                keycloak.http().get("/realms/" + REALM + "/agent-grant").expect(200);
        JsonNode document = response.json();

        // The issuer must be exactly what the realm's own OIDC discovery says, or agents would build wrong audiences.
        String oidcIssuer = keycloak.http()
                .get("/realms/" + REALM + "/.well-known/openid-configuration")
                .expect(200)
                .json()
                .path("issuer")
                .asText();
        assertThat(document.path("issuer").asText()).isEqualTo(oidcIssuer);
        assertThat(document.path("agent_grant_endpoint").asText()).isEqualTo(oidcIssuer + "/agent-grant");
        assertThat(document.path("agent_grant_version").asText()).isEqualTo(System.getProperty("agentgrant.version"));
        assertThat(document.path("task_grant_token_type").asText()).isEqualTo("urn:agentgrant:token-type:task-grant");
        assertThat(document.path("attestation_token_type").asText()).isEqualTo("urn:agentgrant:token-type:attestation");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).contains("max-age=300");
    }

    @Test
    void anUnknownRealmIsNotFoundRatherThanAnError(KeycloakServer keycloak) {
        assertThat(keycloak.http().get("/realms/no-such-realm/agent-grant").status())
                .isEqualTo(404);
    }

    @Test
    void writingToTheDiscoveryDocumentIsNotAllowed(KeycloakServer keycloak) {
        Http.Response response = keycloak.http().postForm("/realms/" + REALM + "/agent-grant", Map.of("x", "y"));

        assertThat(response.status()).isEqualTo(405);
    }

    @Test
    void anUnknownPathUnderTheExtensionIsNotFound(KeycloakServer keycloak) {
        assertThat(keycloak.http()
                        .get("/realms/" + REALM + "/agent-grant/no-such-endpoint")
                        .status())
                .isEqualTo(404);
    }
}
