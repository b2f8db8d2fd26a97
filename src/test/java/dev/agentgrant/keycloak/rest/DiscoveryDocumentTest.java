package dev.agentgrant.keycloak.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.ExtensionVersion;
import java.util.List;
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
                .containsEntry("clock_skew", 15L)
                .containsEntry("delegation_supported", true)
                .containsEntry("delegation_subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("delegation_max_depth", 5L)
                .containsEntry(
                        "entity_profiles_supported", Map.of("subject", List.of("user"), "actor", List.of("ai_agent")));
        assertThat(document.get("actor_profile_token_exchange"))
                .isEqualTo(Map.of(
                        "subject_token_types_supported",
                        List.of(
                                "urn:agentgrant:token-type:task-grant",
                                "urn:ietf:params:oauth:token-type:access_token"),
                        "actor_token_types_supported",
                        List.of("urn:agentgrant:token-type:attestation"),
                        "requested_token_types_supported",
                        List.of("urn:ietf:params:oauth:token-type:access_token")));
    }

    @Test
    void memberNamesAreSnakeCaseAsInRfc8414() {
        Map<String, Object> document =
                DiscoveryDocument.describe("https://sso.example.com/realms/acme", ExtensionVersion.current());

        assertThat(document.keySet()).allMatch(name -> name.matches("[a-z][a-z0-9_]*"));
    }
}
