package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing user codes is slowed down (RFC 8628 §5.1): after ten wrong codes from one address, even a right code is
 * refused from there for the rest of the window. Runs in a realm of its own, since the block covers the realm.
 */
@KeycloakIntegrationTest
class CodeGuessingIT {

    @Test
    void tenWrongCodesBlockTheAddressEvenForARightCode(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = "guessing-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/realms", Map.of("realm", realm, "enabled", true)).expect(201);
        try {
            AgentGrantFixture agent = AgentGrantFixture.createIn(keycloak, realm, Map.of());
            String code = agent.request(agent.form(Map.of())).expect(201).json().path("user_code").asText();
            String verify = agent.endpoint("verify");

            for (int guess = 0; guess < 10; guess++) {
                Http.Response wrong = keycloak.http().postForm(verify, Map.of("user_code", "BCDF-" + "GHJKLMNPQR".charAt(guess) + "XWZ"));
                assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
            }
            Http.Response blocked = keycloak.http().postForm(verify, Map.of("user_code", code));

            assertThat(blocked.status()).as(blocked.toString()).isEqualTo(429);
            assertThat(blocked.header("Location")).isNull();
        } finally {
            admin.delete("/realms/" + realm).expect(204);
        }
    }
}
