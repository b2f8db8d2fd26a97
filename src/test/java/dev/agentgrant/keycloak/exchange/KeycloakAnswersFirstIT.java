package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where Keycloak's token endpoint answers an exchange before the extension runs (docs/wire-contract.md, "Where
 * Keycloak answers first"): the bodies the contract quotes are pinned here, so the contract cannot drift from the
 * server. None of these requests reaches the extension: no grant, use or presentation is touched.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakAnswersFirstIT {

    private KeycloakServer keycloak;
    private AgentGrantFixture agent;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        agent = AgentGrantFixture.create(keycloak, Map.of());
    }

    private Http.Response exchange(String authorization, String dpop) {
        Map<String, String> form = ExchangeCalls.exchangeForm("no-such-grant", "not-a-presentation");
        return dpop == null
                ? keycloak.http().postForm(ExchangeCalls.tokenPath(agent), form, "Authorization", authorization)
                : keycloak.http()
                        .postForm(ExchangeCalls.tokenPath(agent), form, "Authorization", authorization, "DPoP", dpop);
    }

    private String proof(Map<String, Object> headerChanges) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "ES256");
        header.put("jwk", agent.attestation.instanceKey.publicJwk().toJSONObject());
        headerChanges.forEach((name, value) -> {
            if (value == null) {
                header.remove(name);
            } else {
                header.put(name, value);
            }
        });
        Map<String, Object> claims = Map.of(
                "jti",
                UUID.randomUUID().toString(),
                "htm",
                "POST",
                "htu",
                ExchangeCalls.tokenEndpoint(keycloak.http(), agent),
                "iat",
                Instant.now().getEpochSecond());
        if ("none".equals(header.get("alg"))) {
            return TestJws.b64(TestJws.json(header)) + "." + TestJws.b64(TestJws.json(claims)) + ".";
        }
        return TestJws.sign(header, claims, agent.attestation.instanceKey.pair().getPrivate());
    }

    private static JsonNode refusal(Http.Response response, int status, String error) {
        System.out.println("Keycloak answered first: " + response.status() + " " + response.body());
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).as(response.toString()).isEqualTo(error);
        return body;
    }

    @Test
    void aWrongSecretIsKeycloaksUnauthorizedClient() {
        JsonNode body = refusal(exchange(Http.basic(agent.agent, "wrong"), null), 401, "unauthorized_client");
        assertThat(body.path("error_description").asText()).isEqualTo("Invalid client or Invalid client credentials");
    }

    @Test
    void dpopProofsKeycloakRejectsAreInvalidRequestMentioningDpop() {
        Map<String, Map<String, Object>> malformed = new LinkedHashMap<>();
        malformed.put("typ JWT", Map.of("typ", "JWT"));
        malformed.put("alg none", Map.of("alg", "none"));
        Map<String, Object> noJwk = new LinkedHashMap<>();
        noJwk.put("jwk", null);
        malformed.put("no jwk", noJwk);
        malformed.forEach((name, change) -> {
            Http.Response response = exchange(agent.basicAuth(), proof(change));
            JsonNode body = refusal(response, 400, "invalid_request");
            assertThat(body.path("error_description").asText()).as(name).containsIgnoringCase("DPoP");
            assertThat(response.header("Cache-Control")).as(name).contains("no-store");
        });
        agent.setAttributes(Map.of("dpop.bound.access.tokens", "true"));
        try {
            JsonNode body = refusal(exchange(agent.basicAuth(), null), 400, "invalid_request");
            assertThat(body.path("error_description").asText()).containsIgnoringCase("DPoP");
        } finally {
            agent.setAttributes(Map.of("dpop.bound.access.tokens", ""));
        }
    }
}
