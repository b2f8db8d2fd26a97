package dev.agentgrant.keycloak.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.ExtensionRegistrations;
import dev.agentgrant.keycloak.ExtensionRegistrations.Registration;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The running server lists every provider the extension registers, each with the version just built. */
@Tag("persistence")
@KeycloakIntegrationTest
class ProviderRegistrationIT {

    @Test
    void serverInfoListsEveryRegisteredProviderWithTheBuiltVersion(KeycloakServer keycloak) {
        JsonNode providers = keycloak.admin().getJson("/serverinfo").path("providers");
        List<Registration> registrations = ExtensionRegistrations.providers();
        String builtVersion = System.getProperty("agentgrant.version");

        assertThat(registrations).isNotEmpty();
        assertThat(builtVersion).isNotBlank();
        for (Registration registration : registrations) {
            JsonNode provider =
                    providers.path(registration.spi()).path("providers").path(registration.providerId());
            assertThat(provider.isMissingNode())
                    .as(
                            "provider %s of SPI %s on %s",
                            registration.providerId(), registration.spi(), keycloak.describe())
                    .isFalse();
            assertThat(provider.path("operationalInfo").path("version").asText())
                    .as("version reported by %s", registration.providerId())
                    .isEqualTo(builtVersion);
            assertThat(provider.path("operationalInfo")
                            .path("built-for-keycloak")
                            .asText())
                    .isEqualTo(System.getProperty("keycloak.version"));
        }
    }

    @Test
    void realmResourceReportsThatOversizedParametersFailFast(KeycloakServer keycloak) {
        JsonNode info = keycloak.admin()
                .getJson("/serverinfo")
                .path("providers")
                .path("realm-restapi-extension")
                .path("providers")
                .path("agent-grant")
                .path("operationalInfo");

        // The harness starts Keycloak with the options the README prescribes; a server given by URL may not.
        if (HarnessSettings.fromSystemProperties().backend() == HarnessSettings.Backend.URL) {
            assertThat(info.path("oidc-request-parameters-fail-fast").asText()).isNotEmpty();
        } else {
            assertThat(info.path("oidc-request-parameters-fail-fast").asText()).isEqualTo("true");
        }
    }
}
