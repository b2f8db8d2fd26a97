package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An admin configures a SPIFFE source and an agent's policy over Keycloak's admin REST API, then dry-runs
 * presentations through the explain endpoint: accepted, then refused at each stage with the reason.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationExplainIT {

    private static final String REALM = "agent-grant-it";
    private static final String AGENT = "it-agent";
    private static final String SOURCE = "spire-explain";
    private static final String WORKLOAD = "spiffe://example.org/agents/it";

    private final AttestationFixture fixture = new AttestationFixture();
    private KeycloakServer keycloak;
    private String issuer;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.issuer = keycloak.realmUri(REALM).toString();
        AdminApi admin = keycloak.admin();
        String realmId = admin.getJson("/realms/" + REALM).path("id").asText();
        admin.post(
                        "/realms/" + REALM + "/components",
                        Map.of(
                                "name",
                                SOURCE,
                                "providerId",
                                "spiffe-jwt-svid",
                                "providerType",
                                "dev.agentgrant.keycloak.attestation.spi.AttestationSource",
                                "parentId",
                                realmId,
                                "config",
                                Map.of("trust-domain", List.of("example.org"), "trust", List.of(fixture.bundle()))))
                .expect(201);
        setPolicy(
                AGENT,
                "{\"require\":[\"" + SOURCE + "\"],\"facts\":[{\"fact\":\"" + SOURCE + ".spiffe_id\",\"equals\":\""
                        + WORKLOAD + "\"}]}");
    }

    private void setPolicy(String clientId, String policy) {
        AdminApi admin = keycloak.admin();
        ObjectNode client = (ObjectNode) admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId)
                .get(0);
        client.withObjectProperty("attributes").put("agent-grant.attestation-policy", policy);
        admin.put("/realms/" + REALM + "/clients/" + client.path("id").asText(), client)
                .expect(204);
    }

    private JsonNode explain(String presentation) {
        return keycloak.admin()
                .post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", AGENT, "presentation", presentation))
                .expect(200)
                .json();
    }

    private String presentation(Map<String, String> evidence) {
        return fixture.presentation(AGENT, issuer, evidence, Instant.now());
    }

    @Test
    void aPresentationWithTheExpectedWorkloadIsAllowedAndExplained() {
        JsonNode answer = explain(presentation(Map.of(SOURCE, fixture.svid(WORKLOAD, issuer, Instant.now()))));

        assertThat(answer.path("allowed").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.path("facts").path(SOURCE + ".spiffe_id").asText()).isEqualTo(WORKLOAD);
        assertThat(answer.path("instance_key_thumbprint").asText()).isEqualTo(thumbprint());
        assertThat(answer.path("policy").asText()).isEqualTo("client");
        assertThat(answer.path("policy_version").asText()).isNotBlank();
        assertThat(answer.path("rules").findValuesAsText("outcome"))
                .isNotEmpty()
                .allMatch(o -> !o.equals("failed"));
    }

    @Test
    void aDryRunConsumesNothing() {
        String presentation = presentation(Map.of(SOURCE, fixture.svid(WORKLOAD, issuer, Instant.now())));

        assertThat(explain(presentation).path("allowed").asBoolean()).isTrue();
        assertThat(explain(presentation).path("allowed").asBoolean()).isTrue();
    }

    @Test
    void anotherWorkloadIsDeniedByThePolicyRuleThatNamesIt() {
        JsonNode answer = explain(
                presentation(Map.of(SOURCE, fixture.svid("spiffe://example.org/agents/other", issuer, Instant.now()))));

        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("stage").asText()).isEqualTo("policy");
        assertThat(answer.path("reason").asText()).isEqualTo("policy_denied");
        assertThat(answer.path("detail").asText()).startsWith("facts[0]");
    }

    @Test
    void evidenceSignedByAnotherKeyIsRefusedAtTheEvidenceStage() {
        AttestationFixture impostor = new AttestationFixture();
        String forged = impostor.svid(WORKLOAD, issuer, Instant.now());
        // Same kid as the trusted key, other key material.
        String header = fixture.svid(WORKLOAD, issuer, Instant.now()).split("\\.")[0];
        String[] parts = forged.split("\\.");

        JsonNode answer = explain(presentation(Map.of(SOURCE, header + "." + parts[1] + "." + parts[2])));

        assertThat(answer.path("stage").asText()).isEqualTo("evidence");
        assertThat(answer.path("reason").asText()).isEqualTo("bad_signature");
        assertThat(answer.path("source").asText()).isEqualTo(SOURCE);
    }

    @Test
    void evidenceForAnUnknownSourceIsRefused() {
        JsonNode answer =
                explain(presentation(Map.of("no-such-source", fixture.svid(WORKLOAD, issuer, Instant.now()))));

        assertThat(answer.path("stage").asText()).isEqualTo("evidence");
        assertThat(answer.path("reason").asText()).isEqualTo("unknown_source");
    }

    @Test
    void aPresentationForAnotherRealmIsRefusedAtThePresentationStage() {
        String other = fixture.presentation(
                AGENT,
                issuer.replace(REALM, "agent-grant-demo"),
                Map.of(SOURCE, fixture.svid(WORKLOAD, issuer, Instant.now())),
                Instant.now());

        JsonNode answer = explain(other);

        assertThat(answer.path("stage").asText()).isEqualTo("presentation");
        assertThat(answer.path("reason").asText()).isEqualTo("invalid_audience");
    }

    @Test
    void anExpiredPresentationIsRefused() {
        Instant past = Instant.now().minusSeconds(120);
        JsonNode answer = explain(fixture.presentation(
                AGENT, issuer, Map.of(SOURCE, fixture.svid(WORKLOAD, issuer, Instant.now())), past));

        assertThat(answer.path("reason").asText()).isEqualTo("expired");
    }

    @Test
    void garbageIsAClearRefusalNeverAServerError() {
        for (String garbage : List.of("x", "a.b.c", "e30.e30.e30", "[".repeat(15_000), "x".repeat(25_000))) {
            JsonNode answer = explain(garbage);
            assertThat(answer.path("allowed").asBoolean()).isFalse();
            assertThat(answer.path("stage").asText()).isEqualTo("presentation");
        }
    }

    @Test
    void oversizedAndDeeplyNestedPresentationsAreRefusedFastNeverWithAServerError() {
        String evidence = fixture.svid(WORKLOAD, issuer, Instant.now());
        List<Map<String, String>> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(Map.of("source", "s" + i, "format", "jwt", "value", "x"));
        }
        List<String> hostile = List.of(
                fixture.presentationWith(AGENT, issuer, thousand, Instant.now(), "many"),
                fixture.presentationWith(
                        AGENT,
                        issuer,
                        List.of(Map.of("source", SOURCE, "format", "jwt", "value", "[".repeat(5_000) + evidence)),
                        Instant.now(),
                        "nested"),
                "eyJhbGciOiJFUzI1NiIsInR5cCI6ImFnZW50LWF0dGVzdGF0aW9uK2p3dCJ9." + "e".repeat(19_000) + ".sig");
        for (String presentation : hostile) {
            long started = System.nanoTime();
            JsonNode answer = explain(presentation);
            assertThat(answer.path("allowed").asBoolean()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anAgentWithoutAPolicyIsRefused() {
        String presentation = fixture.presentation(
                "it-api", issuer, Map.of(SOURCE, fixture.svid(WORKLOAD, issuer, Instant.now())), Instant.now());

        JsonNode answer = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", "it-api", "presentation", presentation))
                .expect(200)
                .json();

        assertThat(answer.path("stage").asText()).isEqualTo("policy");
        assertThat(answer.path("reason").asText()).isEqualTo("no_policy");
    }

    @Test
    void theEndpointNeedsAnAdminAndAWellFormedRequest() {
        Http.Response anonymous = keycloak.http()
                .sendJson(
                        "POST",
                        "/admin/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", AGENT, "presentation", "x"));
        assertThat(anonymous.status()).isEqualTo(401);

        assertThat(keycloak.admin()
                        .post("/realms/" + REALM + "/agent-grant/attestation/explain", Map.of("client_id", AGENT))
                        .status())
                .isEqualTo(400);
        assertThat(keycloak.admin()
                        .post(
                                "/realms/" + REALM + "/agent-grant/attestation/explain",
                                Map.of("client_id", "nobody", "presentation", "x"))
                        .status())
                .isEqualTo(404);
    }

    private String thumbprint() {
        try {
            return fixture.instanceKey.publicJwk().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
