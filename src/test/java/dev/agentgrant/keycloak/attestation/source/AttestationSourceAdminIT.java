package dev.agentgrant.keycloak.attestation.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Attestation sources are realm components an admin manages through Keycloak's own admin REST API. */
@Tag("persistence")
@KeycloakIntegrationTest
class AttestationSourceAdminIT {

    private static final String REALM = "agent-grant-it";
    private static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";

    private static Map<String, Object> source(KeycloakServer keycloak, String name, Map<String, List<String>> config) {
        String realmId = keycloak.admin().getJson("/realms/" + REALM).path("id").asText();
        return Map.of(
                "name",
                name,
                "providerId",
                "spiffe-jwt-svid",
                "providerType",
                PROVIDER_TYPE,
                "parentId",
                realmId,
                "config",
                config);
    }

    @Test
    void aValidSpiffeSourceIsCreatedListedAndDeleted(KeycloakServer keycloak) {
        String name = "spire-" + UUID.randomUUID().toString().substring(0, 8);
        String bundle = new AttestationFixture().bundle();

        Http.Response created = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/components",
                        source(
                                keycloak,
                                name,
                                Map.of(
                                        "trust-domain", List.of("example.org"),
                                        "trust", List.of(bundle),
                                        "max-age", List.of("PT10M"))))
                .expect(201);
        String location = created.header("Location");

        JsonNode listed =
                keycloak.admin().getJson("/realms/" + REALM + "/components?type=" + PROVIDER_TYPE + "&name=" + name);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("providerId").asText()).isEqualTo("spiffe-jwt-svid");

        String id = location.substring(location.lastIndexOf('/') + 1);
        keycloak.admin().delete("/realms/" + REALM + "/components/" + id).expect(204);
        assertThat(keycloak.admin().getJson("/realms/" + REALM + "/components?type=" + PROVIDER_TYPE + "&name=" + name))
                .isEmpty();
    }

    @Test
    void anInvalidSourceIsRefusedWithEveryProblemAtOnceAndNothingIsStored(KeycloakServer keycloak) {
        Http.Response refused = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/components",
                        source(
                                keycloak,
                                "Bad Alias",
                                Map.of(
                                        "trust-domain", List.of("Example.org"),
                                        "algorithms", List.of("HS256"),
                                        "max-age", List.of("forever"))));

        assertThat(refused.status()).isEqualTo(400);
        String message = refused.json().path("errorMessage").asText();
        assertThat(message)
                .contains("name (the source alias)")
                .contains("trust-domain")
                .contains("algorithms: HS256")
                .contains("max-age")
                .contains("trust or trust-url is required");
        assertThat(keycloak.admin()
                        .getJson("/realms/" + REALM + "/components?type=" + PROVIDER_TYPE
                                + "&name=Bad Alias".replace(" ", "%20")))
                .isEmpty();
    }

    @Test
    void privateKeysAreRefusedAsTrustMaterial(KeycloakServer keycloak) throws Exception {
        TestKeys key = TestKeys.p256();
        String withPrivate = "{\"keys\":["
                + new ECKey.Builder((ECKey) key.publicJwk())
                        .privateKey(key.pair().getPrivate())
                        .build()
                        .toJSONString() + "]}";

        Http.Response refused = keycloak.admin()
                .post(
                        "/realms/" + REALM + "/components",
                        source(
                                keycloak,
                                "leaky",
                                Map.of(
                                        "trust-domain", List.of("example.org"),
                                        "trust", List.of(withPrivate))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errorMessage").asText()).contains("private key material");
    }
}
