package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.delegation.ActorChain;
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

    private static final ActorChain AGENT = ActorChain.of(new ActorChain.Actor("service-account-1", "calendar-agent"));

    private static TaskTokenClaims.Input input(Optional<String> jkt, Optional<String> acr) {
        return input(jkt, acr, AGENT);
    }

    private static TaskTokenClaims.Input input(Optional<String> jkt, Optional<String> acr, ActorChain chain) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>(List.of("calendar.read", "calendar.write"));
        return new TaskTokenClaims.Input(
                new TaskTokenClaims.Id("te:abc", "https://sso.example.com/realms/acme", jkt),
                new TaskTokenClaims.Parties("user-1", chain),
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
                        "sub_profile",
                        "azp",
                        "client_id",
                        "aud",
                        "scope",
                        "iat",
                        "exp",
                        "act",
                        "delegation_hops",
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
        assertThat(token.path("sub_profile").asText()).isEqualTo("user");
        assertThat(token.path("client_id").asText()).as("RFC 9068 §2.2").isEqualTo("calendar-agent");
        assertThat(token.path("act").toString())
                .isEqualTo("{\"sub\":\"service-account-1\",\"iss\":\"https://sso.example.com/realms/acme\","
                        + "\"sub_profile\":\"ai_agent\",\"client_id\":\"calendar-agent\"}");
        assertThat(token.path("delegation_hops").asInt()).isZero();
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

    @Test
    void aHandedOnTokenNamesTheSubAgentAsClientAndOutermostActorWithTheParentNestedInside() throws Exception {
        ActorChain chain = AGENT.handedTo(new ActorChain.Actor("service-account-2", "mail-helper"))
                .handedTo(new ActorChain.Actor("service-account-3", "spell-checker"));
        JsonNode token = json(input(Optional.of("NzbLsXh8uDCcd"), Optional.empty(), chain));

        assertThat(token.path("sub").asText()).as("still the person").isEqualTo("user-1");
        assertThat(token.path("azp").asText()).isEqualTo("spell-checker");
        assertThat(token.path("client_id").asText()).isEqualTo("spell-checker");
        assertThat(token.path("delegation_hops").asInt()).isEqualTo(2);
        JsonNode act = token.path("act");
        assertThat(act.path("client_id").asText()).isEqualTo("spell-checker");
        assertThat(act.path("sub").asText()).isEqualTo("service-account-3");
        assertThat(act.path("act").path("client_id").asText()).isEqualTo("mail-helper");
        assertThat(act.path("act").path("act").path("client_id").asText()).isEqualTo("calendar-agent");
        assertThat(act.path("act").path("act").path("sub_profile").asText()).isEqualTo("ai_agent");
        assertThat(act.path("act").path("act").has("act")).isFalse();
        assertThat(token.path("grant_id").asText()).as("the root grant").isEqualTo("grant-1");
    }
}
