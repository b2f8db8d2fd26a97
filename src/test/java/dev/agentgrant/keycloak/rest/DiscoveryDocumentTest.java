package dev.agentgrant.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.ExtensionVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveryDocumentTest {

    @Test
    void describesTheRealmsEndpointsAndTheWireContract() {
        ExtensionVersion version = ExtensionVersion.current();

        Map<String, Object> document = DiscoveryDocument.describe("https://sso.example.com/realms/acme", version);

        assertThat(document)
                .containsEntry("issuer", "https://sso.example.com/realms/acme")
                .containsEntry("agent_grant_endpoint", "https://sso.example.com/realms/acme/agent-grant")
                .containsEntry("agent_grant_version", version.version())
                .containsEntry("task_grant_token_type", "urn:agentgrant:token-type:task-grant")
                .containsEntry("attestation_token_type", "urn:agentgrant:token-type:attestation")
                .containsEntry("attestation_presentation_typ", "agent-attestation+jwt")
                .containsEntry("attestation_presentation_max_lifetime", 60L)
                .containsEntry("attestation_evidence_max_items", 8)
                .containsEntry("clock_skew", 15L);
    }

    @Test
    void memberNamesAreSnakeCaseAsInRfc8414() {
        Map<String, Object> document =
                DiscoveryDocument.describe("https://sso.example.com/realms/acme", ExtensionVersion.current());

        assertThat(document.keySet()).allMatch(name -> name.matches("[a-z][a-z0-9_]*"));
    }
}
