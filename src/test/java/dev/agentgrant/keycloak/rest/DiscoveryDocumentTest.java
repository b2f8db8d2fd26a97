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

        Map<String, Object> document =
                DiscoveryDocument.describe("https://sso.example.com/realms/acme", version, "RS256");

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

    /** How a resource server registers for the revocation push, and how it checks what it receives. */
    @Test
    void advertisesTheSetReceiverRegistration() {
        Map<String, Object> document =
                DiscoveryDocument.describe("https://sso.example.com/realms/acme", ExtensionVersion.current(), "ES256");

        assertThat(document.get("security_event_push"))
                .isEqualTo(Map.of(
                        "delivery_method",
                        "urn:ietf:rfc:8935",
                        "events_supported",
                        java.util.List.of(
                                "https://schemas.openid.net/secevent/caep/event-type/session-revoked",
                                "https://schemas.openid.net/secevent/caep/event-type/token-claims-change"),
                        "subject_format",
                        "complex",
                        "set_typ",
                        "secevent+jwt",
                        "signing_alg",
                        "ES256",
                        "jwks_uri",
                        "https://sso.example.com/realms/acme/protocol/openid-connect/certs",
                        "receiver_registration",
                        Map.of(
                                "client",
                                "audience",
                                "push_endpoint_attribute",
                                "agent-grant.ssf.push-endpoint",
                                "authorization_header_attribute",
                                "agent-grant.ssf.authorization-header")));
    }

    @Test
    void memberNamesAreSnakeCaseAsInRfc8414() {
        Map<String, Object> document =
                DiscoveryDocument.describe("https://sso.example.com/realms/acme", ExtensionVersion.current(), "RS256");

        assertThat(document.keySet()).allMatch(name -> name.matches("[a-z][a-z0-9_]*"));
    }
}
