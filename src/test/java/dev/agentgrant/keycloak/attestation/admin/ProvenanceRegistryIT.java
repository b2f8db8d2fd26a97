package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.attestation.intoto.TestDsse;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Provenance registered ahead of time: verified on upload, stored in Keycloak's database, listed, referenced from
 * presentations by subject digest, deleted — and gone with its source.
 */
@Tag("persistence")
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvenanceRegistryIT {

    private static final String REALM = "agent-grant-it";
    private static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private final TestKeys signer = TestKeys.p256();
    private final AttestationFixture fixture = new AttestationFixture();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String source = "build-" + suffix;
    private final String agent = "prov-agent-" + suffix;
    private KeycloakServer keycloak;
    private AdminApi admin;
    private String issuer;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        this.issuer = keycloak.realmUri(REALM).toString();
        createSource(source);
        admin.post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                agent,
                                "publicClient",
                                false,
                                "serviceAccountsEnabled",
                                true,
                                "fullScopeAllowed",
                                false,
                                "standardFlowEnabled",
                                false,
                                "attributes",
                                Map.of(
                                        "agent-grant.enabled",
                                        "true",
                                        "agent-grant.attestation-policy",
                                        "{\"require\":[\"" + source + "\"],\"facts\":[{\"fact\":\"" + source
                                                + ".builder_id\",\"glob\":\"https://github.com/actions/runner/*\"}]}")))
                .expect(201);
    }

    private void createSource(String alias) {
        String realmId = admin.getJson("/realms/" + REALM).path("id").asText();
        admin.post(
                        "/realms/" + REALM + "/components",
                        Map.of(
                                "name",
                                alias,
                                "providerId",
                                "in-toto",
                                "providerType",
                                PROVIDER_TYPE,
                                "parentId",
                                realmId,
                                "config",
                                Map.of(
                                        "trust",
                                        List.of(TestDsse.pem(signer.pair().getPublic())),
                                        "max-age",
                                        List.of("P30D"))))
                .expect(201);
    }

    private String envelope(String subjectHex) {
        Map<String, Object> statement =
                TestDsse.slsaStatement(Instant.now().minusSeconds(60).toString());
        statement.put("subject", List.of(TestDsse.subject("agent.tar", "sha256", subjectHex)));
        return TestDsse.signedEnvelope(
                "application/vnd.in-toto+json",
                TestDsse.utf8(TestDsse.json(statement)),
                "build-key",
                signer.pair().getPrivate());
    }

    private Http.Response upload(String alias, Object envelope) {
        return admin.post(
                "/realms/" + REALM + "/agent-grant/provenance", Map.of("source", alias, "envelope", envelope));
    }

    private JsonNode explainDigest(String digest) {
        String presentation = fixture.presentationWith(
                agent,
                issuer,
                List.of(Map.of("source", source, "format", "digest-ref", "value", digest)),
                Instant.now(),
                UUID.randomUUID().toString());
        return admin.post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", agent, "presentation", presentation))
                .expect(200)
                .json();
    }

    @Test
    void registeredProvenanceIsReferencedByDigestUntilItIsDeleted() throws Exception {
        JsonNode envelope = new ObjectMapper().readTree(envelope("a".repeat(64)));
        JsonNode registered = upload(source, envelope).expect(201).json();
        String id = registered.path("id").asText();
        assertThat(registered.path("subject_digests").get(0).asText()).isEqualTo(DIGEST);
        assertThat(registered.path("facts").path("builder_id").asText())
                .isEqualTo("https://github.com/actions/runner/github-hosted");

        assertThat(upload(source, envelope).status())
                .as("the same envelope twice")
                .isEqualTo(409);
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/provenance?source=" + source))
                .hasSize(1);
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/provenance/" + id)
                        .path("envelope")
                        .asText())
                .isEqualTo(envelope.toString());

        JsonNode allowed = explainDigest(DIGEST);
        assertThat(allowed.path("allowed").asBoolean()).as(allowed.toString()).isTrue();
        assertThat(allowed.path("facts").path(source + ".source_repository").asText())
                .isEqualTo("https://github.com/acme/agent");

        JsonNode unknown = explainDigest("sha256:" + "b".repeat(64));
        assertThat(unknown.path("reason").asText()).isEqualTo("unknown_provenance");
        assertThat(explainDigest("md5:" + "c".repeat(32)).path("reason").asText())
                .isEqualTo("weak_digest");

        admin.delete("/realms/" + REALM + "/agent-grant/provenance/" + id).expect(204);
        assertThat(admin.get("/realms/" + REALM + "/agent-grant/provenance/" + id)
                        .status())
                .isEqualTo(404);
        assertThat(explainDigest(DIGEST).path("reason").asText()).isEqualTo("unknown_provenance");
    }

    @Test
    void anEnvelopeThatDoesNotVerifyIsRefusedAndNothingIsStored() {
        String forged = envelope("d".repeat(64)).replace("\"payload\":\"", "\"payload\":\"eyJ4Ijox");

        Http.Response refused = upload(source, forged);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errorMessage").asText()).contains("does not verify");
        // The extension's one admin error shape: Keycloak's errorMessage and RFC 6749 §5.2's members alike.
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(refused.json().path("error_description").asText()).contains("does not verify");
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/provenance?source=" + source)
                        .findValuesAsText("subject_digests"))
                .noneMatch(d -> d.contains("d".repeat(64)));
    }

    @Test
    void uploadsNameAnInTotoSourceAndStayWithinTheSizeLimit() {
        assertThat(upload("no-such-source", envelope("e".repeat(64))).status()).isEqualTo(400);
        assertThat(upload(source, "{\"x\":\"" + "y".repeat(140_000) + "\"}").status())
                .isEqualTo(400);
        assertThat(admin.post("/realms/" + REALM + "/agent-grant/provenance", Map.of("source", source))
                        .status())
                .isEqualTo(400);
        assertThat(admin.get("/realms/" + REALM + "/agent-grant/provenance?max=1000")
                        .status())
                .isEqualTo(400);
        assertThat(keycloak.http()
                        .get("/admin/realms/" + REALM + "/agent-grant/provenance")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void deletingTheSourceDeletesItsProvenance() {
        String doomed = "doomed-" + suffix;
        createSource(doomed);
        upload(doomed, envelope("f".repeat(64))).expect(201);
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/provenance?source=" + doomed))
                .hasSize(1);

        String id = admin.getJson("/realms/" + REALM + "/components?type=" + PROVIDER_TYPE + "&name=" + doomed)
                .get(0)
                .path("id")
                .asText();
        admin.delete("/realms/" + REALM + "/components/" + id).expect(204);

        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/provenance?source=" + doomed))
                .isEmpty();
    }
}
