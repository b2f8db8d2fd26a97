package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.attestation.intoto.TestDsse;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every built-in source type on a running Keycloak: a Kubernetes cluster, a GitHub-Actions-like OIDC issuer and an
 * in-toto provenance signer, combined under one named realm policy with a cross-evidence rule; then each
 * failure class of the combination.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadSourcesIT {

    private static final String REALM = "agent-grant-it";
    private static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";
    private static final String K8S_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String GHA_ISSUER = "https://token.actions.githubusercontent.com";
    private static final String DIGEST_HEX = "c".repeat(64);

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String k8s = "k8s-" + suffix;
    private final String gha = "gha-" + suffix;
    private final String build = "build-" + suffix;
    private final String agent = "ws-agent-" + suffix;
    private final String policyName = "ws-policy-" + suffix;
    private final TestKeys clusterKey = TestKeys.rsa(2048);
    private final TestKeys ghaKey = TestKeys.p256();
    private final TestKeys buildKey = TestKeys.p256();
    private final AttestationFixture fixture = new AttestationFixture();
    private KeycloakServer keycloak;
    private AdminApi admin;
    private String issuer;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        this.issuer = keycloak.realmUri(REALM).toString();
        String realmId = admin.getJson("/realms/" + REALM).path("id").asText();
        component(
                realmId,
                k8s,
                "kubernetes-service-account",
                Map.of(
                        "issuer",
                        List.of(K8S_ISSUER),
                        "trust",
                        List.of(jwks(new RSAKey.Builder((RSAKey) clusterKey.publicJwk())
                                .keyID("cluster-1")
                                .build()
                                .toJSONString()))));
        component(
                realmId,
                gha,
                "oidc-workload",
                Map.of(
                        "issuer",
                        List.of(GHA_ISSUER),
                        "trust",
                        List.of(jwks(new ECKey.Builder((ECKey) ghaKey.publicJwk())
                                .keyID("gha-1")
                                .build()
                                .toJSONString())),
                        "claim-mapping",
                        List.of("{\"repository\":\"repository\",\"ref\":\"ref\",\"sha\":\"sha\"}"),
                        "required-facts",
                        List.of("repository")));
        component(
                realmId,
                build,
                "in-toto",
                Map.of("trust", List.of(TestDsse.pem(buildKey.pair().getPublic())), "max-age", List.of("P30D")));

        String policy = "{\"require\":[\"" + k8s + "\",\"" + build + "\"],\"any_of\":[[\"" + gha + "\"]],"
                + "\"facts\":[{\"fact\":\"" + k8s + ".namespace\",\"one_of\":[\"agents\"]},"
                + "{\"fact\":\"" + gha + ".repository\",\"equals\":\"acme/agent\"},"
                + "{\"fact\":\"" + build + ".builder_id\",\"glob\":\"https://github.com/actions/runner/*\"}],"
                + "\"same\":[[\"" + gha + ".sha\",\"" + build + ".source_commit\"]]}";
        admin.post(
                        "/realms/" + REALM + "/components",
                        Map.of(
                                "name",
                                policyName,
                                "providerId",
                                "json",
                                "providerType",
                                "dev.agentgrant.keycloak.attestation.realmpolicy.RealmPolicy",
                                "parentId",
                                realmId,
                                "config",
                                Map.of("policy", List.of(policy))))
                .expect(201);
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
                                Map.of("agent-grant.enabled", "true", "agent-grant.attestation-policy", policyName)))
                .expect(201);
    }

    private static String jwks(String key) {
        return "{\"keys\":[" + key + "]}";
    }

    private void component(String realmId, String name, String type, Map<String, List<String>> config) {
        admin.post(
                        "/realms/" + REALM + "/components",
                        Map.of(
                                "name",
                                name,
                                "providerId",
                                type,
                                "providerType",
                                PROVIDER_TYPE,
                                "parentId",
                                realmId,
                                "config",
                                config))
                .expect(201);
    }

    private String k8sToken(String namespace) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", K8S_ISSUER);
        claims.put("sub", "system:serviceaccount:" + namespace + ":agent");
        claims.put("aud", List.of(issuer));
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 600);
        claims.put(
                "kubernetes.io",
                Map.of(
                        "namespace",
                        namespace,
                        "serviceaccount",
                        Map.of("name", "agent", "uid", "0b7c9f3e-1111-2222-3333-444455556666")));
        return TestJws.sign(
                Map.of("alg", "RS256", "kid", "cluster-1"),
                claims,
                clusterKey.pair().getPrivate());
    }

    private String ghaToken(String repository, String sha) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", GHA_ISSUER);
        claims.put("sub", "repo:" + repository + ":ref:refs/heads/main");
        claims.put("aud", issuer);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("repository", repository);
        claims.put("ref", "refs/heads/main");
        claims.put("sha", sha);
        return TestJws.sign(
                Map.of("alg", "ES256", "kid", "gha-1", "typ", "JWT"),
                claims,
                ghaKey.pair().getPrivate());
    }

    private String provenance() {
        Map<String, Object> statement =
                TestDsse.slsaStatement(Instant.now().minusSeconds(60).toString());
        statement.put("subject", List.of(TestDsse.subject("agent.tar", "sha256", DIGEST_HEX)));
        return TestDsse.signedEnvelope(
                "application/vnd.in-toto+json",
                TestDsse.utf8(TestDsse.json(statement)),
                null,
                buildKey.pair().getPrivate());
    }

    private JsonNode explain(List<Map<String, String>> items) {
        String presentation = fixture.presentationWith(
                agent, issuer, items, Instant.now(), UUID.randomUUID().toString());
        return admin.post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", agent, "presentation", presentation))
                .expect(200)
                .json();
    }

    private List<Map<String, String>> evidence(String namespace, String repository, String sha) {
        return List.of(
                Map.of("source", k8s, "format", "jwt", "value", k8sToken(namespace)),
                Map.of("source", gha, "format", "jwt", "value", ghaToken(repository, sha)),
                Map.of("source", build, "format", "dsse", "value", provenance()));
    }

    @Test
    void theExpectedWorkloadBuiltByTheExpectedPipelineIsAllowed() {
        JsonNode answer = explain(evidence("agents", "acme/agent", "0123456789abcdef0123456789abcdef01234567"));

        assertThat(answer.path("allowed").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.path("policy").asText()).isEqualTo(policyName);
        assertThat(answer.path("facts").path(k8s + ".namespace").asText()).isEqualTo("agents");
        assertThat(answer.path("facts").path(gha + ".repository").asText()).isEqualTo("acme/agent");
        assertThat(answer.path("facts").path(build + ".subject_digests").asText())
                .isEqualTo("sha256:" + DIGEST_HEX);
        assertThat(answer.path("identity_expires_at").asLong())
                .isLessThanOrEqualTo(Instant.now().getEpochSecond() + 300);
    }

    @Test
    void aWorkloadInAnotherNamespaceIsDenied() {
        JsonNode answer = explain(evidence("default", "acme/agent", "0123456789abcdef0123456789abcdef01234567"));

        assertThat(answer.path("reason").asText()).isEqualTo("policy_denied");
        assertThat(answer.path("detail").asText()).startsWith("facts[0]");
    }

    @Test
    void aTokenFromAnotherRepositoryIsDenied() {
        JsonNode answer = explain(evidence("agents", "evil/agent", "0123456789abcdef0123456789abcdef01234567"));

        assertThat(answer.path("reason").asText()).isEqualTo("policy_denied");
        assertThat(answer.path("detail").asText()).startsWith("facts[1]");
    }

    @Test
    void codeThatIsNotTheProvenancesCommitIsDenied() {
        JsonNode answer = explain(evidence("agents", "acme/agent", "ffffffffffffffffffffffffffffffffffffffff"));

        assertThat(answer.path("reason").asText()).isEqualTo("policy_denied");
        assertThat(answer.path("detail").asText()).startsWith("same[0]");
    }

    @Test
    void missingRequiredEvidenceIsDenied() {
        JsonNode answer = explain(List.of(Map.of("source", k8s, "format", "jwt", "value", k8sToken("agents"))));

        assertThat(answer.path("reason").asText()).isEqualTo("policy_denied");
        assertThat(answer.path("rules").findValuesAsText("rule")).contains("require[" + build + "]");
    }

    @Test
    void evidenceInTheWrongFormatForItsSourceIsRefused() {
        JsonNode answer = explain(List.of(Map.of("source", build, "format", "jwt", "value", k8sToken("agents"))));

        assertThat(answer.path("stage").asText()).isEqualTo("evidence");
        assertThat(answer.path("reason").asText()).isEqualTo("unsupported_format");
    }

    @Test
    void aRealmPolicyWithProblemsIsRefusedWithEveryProblemAtOnce() {
        String realmId = admin.getJson("/realms/" + REALM).path("id").asText();
        Http.Response refused = admin.post(
                "/realms/" + REALM + "/components",
                Map.of(
                        "name",
                        "Bad Policy",
                        "providerId",
                        "json",
                        "providerType",
                        "dev.agentgrant.keycloak.attestation.realmpolicy.RealmPolicy",
                        "parentId",
                        realmId,
                        "config",
                        Map.of("policy", List.of("{\"require\":[],\"unknown\":1,\"key_binding\":\"maybe\"}"))));

        assertThat(refused.status()).isEqualTo(400);
        String message = refused.json().path("errorMessage").asText();
        assertThat(message).contains("name must be").contains("unknown").contains("key_binding");
    }
}
