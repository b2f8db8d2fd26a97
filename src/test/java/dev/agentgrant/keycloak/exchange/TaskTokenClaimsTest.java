package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.grant.AgentTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTokenClaimsTest {

    private static final Instant IAT = Instant.parse("2030-01-01T09:00:00Z");

    private static TaskTokenClaims.Input input(Optional<String> jkt, Optional<String> acr) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>(List.of("calendar.read", "calendar.write"));
        return new TaskTokenClaims.Input(
                new TaskTokenClaims.Id("te:abc", "https://sso.example.com/realms/acme", jkt),
                new TaskTokenClaims.Parties("user-1", "calendar-agent", "service-account-1"),
                new AgentTask("calendar-api", "https://calendar.example.com", scopes, "Move a meeting"),
                new TaskTokenClaims.Window(IAT, IAT.plusSeconds(300)),
                new TaskTokenClaims.Grant("grant-1", Optional.of(IAT.minusSeconds(120)), acr),
                new TaskTokenClaims.Attestation(
                        "client",
                        "sha256:abc",
                        List.of("spire"),
                        Map.of("spire.spiffe_id", "spiffe://example.org/agent"),
                        IAT));
    }

    /** Serialized like Keycloak's {@code JsonSerialization}, which leaves null members out. */
    private static final ObjectMapper MAPPER =
            new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private static JsonNode json(TaskTokenClaims.Input input) throws Exception {
        return MAPPER.readTree(MAPPER.writeValueAsString(TaskTokenClaims.build(input)));
    }

    @Test
    void carriesExactlyTheContractsClaims() throws Exception {
        JsonNode token = json(input(Optional.of("NzbLsXh8uDCcd"), Optional.of("1")));

        List<String> names = new ArrayList<>();
        token.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "jti",
                        "iss",
                        "typ",
                        "sub",
                        "azp",
                        "aud",
                        "scope",
                        "iat",
                        "exp",
                        "act",
                        "grant_id",
                        "authorization_details",
                        "attestation",
                        "grant_acr",
                        "grant_auth_time",
                        "cnf");
        assertThat(token.path("sub").asText()).isEqualTo("user-1");
        assertThat(token.path("azp").asText()).isEqualTo("calendar-agent");
        assertThat(token.path("aud").isTextual()).as("one aud, as a string").isTrue();
        assertThat(token.path("aud").asText()).isEqualTo("calendar-api");
        assertThat(token.path("scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(token.path("iat").asLong()).isEqualTo(IAT.getEpochSecond());
        assertThat(token.path("exp").asLong()).isEqualTo(IAT.getEpochSecond() + 300);
        assertThat(token.path("act")).hasSize(2);
        assertThat(token.path("act").path("sub").asText()).isEqualTo("service-account-1");
        assertThat(token.path("act").path("client_id").asText()).isEqualTo("calendar-agent");
        assertThat(token.path("grant_id").asText()).isEqualTo("grant-1");
        assertThat(token.path("grant_acr").asText()).isEqualTo("1");
        assertThat(token.path("grant_auth_time").asLong()).isEqualTo(IAT.getEpochSecond() - 120);
        assertThat(token.path("cnf")).hasSize(1);
        assertThat(token.path("cnf").path("jkt").asText()).isEqualTo("NzbLsXh8uDCcd");
        assertThat(token.path("typ").asText()).isEqualTo("DPoP");
        JsonNode task = token.path("authorization_details").path(0);
        assertThat(task.path("type").asText()).isEqualTo("agent_task");
        assertThat(task.path("actions").toString()).isEqualTo("[\"calendar.read\",\"calendar.write\"]");
        assertThat(task.path("locations").toString()).isEqualTo("[\"https://calendar.example.com\"]");
        JsonNode attestation = token.path("attestation");
        assertThat(attestation.path("policy_id").asText()).isEqualTo("client");
        assertThat(attestation.path("policy_version").asText()).isEqualTo("sha256:abc");
        assertThat(attestation.path("sources").toString()).isEqualTo("[\"spire\"]");
        assertThat(attestation.path("facts").path("spire.spiffe_id").asText()).isEqualTo("spiffe://example.org/agent");
        assertThat(attestation.path("evaluated_at").asLong()).isEqualTo(IAT.getEpochSecond());
    }

    @Test
    void aBearerTokenHasNoConfirmationAndNoAcrItWasNotGiven() throws Exception {
        JsonNode token = json(input(Optional.empty(), Optional.empty()));

        assertThat(token.has("cnf")).isFalse();
        assertThat(token.has("grant_acr")).isFalse();
        assertThat(token.has("acr")).isFalse();
        assertThat(token.path("typ").asText()).isEqualTo("Bearer");
    }

    @Test
    void keyFactsAreWorkloadIdentityAndCodeNotEverything() {
        assertThat(TaskTokenClaims.keyFacts(Map.of(
                        "spire.spiffe_id", "spiffe://example.org/a",
                        "build.subject_digests", "sha256:1",
                        "k8s.namespace", "agents",
                        "k8s.service_account_uid", "uid-1",
                        "gha.issuer", "https://token.actions.githubusercontent.com",
                        "spiffe_id", "not namespaced")))
                .containsOnlyKeys("spire.spiffe_id", "build.subject_digests", "k8s.namespace");
    }
}
