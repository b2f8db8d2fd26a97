package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A source and a realm policy that arrive with a realm import (src/test/resources/realms/agent-grant-it.json) are
 * live: the imported agent's presentations are checked against them.
 */
@Tag("persistence")
@KeycloakIntegrationTest
class RealmImportedAttestationIT {

    private static final String REALM = "agent-grant-it";

    @Test
    void theImportedSourceAndPolicyAreInForce(KeycloakServer keycloak) {
        assertThat(
                        keycloak.admin()
                                .getJson(
                                        "/realms/" + REALM
                                                + "/components?type=dev.agentgrant.keycloak.attestation.spi.AttestationSource&name=imported-spire"))
                .hasSize(1);

        // Only the holder of the imported bundle's private key could mint a passing SVID; an SVID under the
        // imported key id but signed by another key must reach that source and fail its signature check.
        AttestationFixture impostor = new AttestationFixture();
        String issuer = keycloak.realmUri(REALM).toString();
        String svid = impostor.svid("spiffe://example.org/agents/x", issuer, Instant.now());
        String[] parts = svid.split("\\.");
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "{\"alg\":\"ES256\",\"kid\":\"imported-1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String presentation = impostor.presentationWith(
                "imported-agent",
                issuer,
                List.of(Map.of(
                        "source",
                        "imported-spire",
                        "format",
                        "jwt",
                        "value",
                        header + "." + parts[1] + "." + parts[2])),
                Instant.now(),
                UUID.randomUUID().toString());

        JsonNode answer = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", "imported-agent", "presentation", presentation))
                .expect(200)
                .json();

        assertThat(answer.path("stage").asText()).as(answer.toString()).isEqualTo("evidence");
        assertThat(answer.path("source").asText()).isEqualTo("imported-spire");
        assertThat(answer.path("reason").asText()).isEqualTo("bad_signature");
    }

    @Test
    void theImportedAgentReferencesTheImportedRealmPolicy(KeycloakServer keycloak) {
        AttestationFixture agent = new AttestationFixture();
        String issuer = keycloak.realmUri(REALM).toString();
        String presentation = agent.presentationWith(
                "imported-agent",
                issuer,
                List.of(),
                Instant.now(),
                UUID.randomUUID().toString());

        JsonNode answer = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", "imported-agent", "presentation", presentation))
                .expect(200)
                .json();

        assertThat(answer.path("stage").asText()).isEqualTo("policy");
        assertThat(answer.path("reason").asText()).isEqualTo("policy_denied");
        assertThat(answer.path("rules").findValuesAsText("rule")).contains("require[imported-spire]");
    }
}
