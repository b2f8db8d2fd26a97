package dev.agentgrant.keycloak.attestation.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verification cache on a real server, through the grant request endpoint as an agent uses it: evidence
 * accepted once is reused only where verifying it again would accept it too. A result is not carried over to a
 * request through another hostname (whose realm issuer, the audience evidence must name, differs) nor to another
 * realm whose source is configured identically.
 */
@KeycloakIntegrationTest
class VerificationCacheIT {

    private static final String SOURCE_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";

    @Test
    void evidenceAcceptedThroughOneHostnameIsNotAcceptedThroughAnotherThatExpectsAnotherAudience(
            KeycloakServer keycloak) {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        URI other = otherSpelling(keycloak.baseUri());
        Http viaOther = new Http(other);
        String otherIssuer = other.resolve("/realms/" + agent.realm).toString();
        assertThat(otherIssuer).isNotEqualTo(agent.issuer());
        // The workload's SVID names the realm as the server's own address spells it.
        String svid = agent.attestation.svid(agent.workload, agent.issuer(), Instant.now());

        assertRefused(agent.request(viaOther, form(agent, otherIssuer, svid)));
        agent.request(form(agent, agent.issuer(), svid)).expect(201);

        assertRefused(agent.request(viaOther, form(agent, otherIssuer, svid)));
        JsonNode explained = keycloak.admin()
                .through(other)
                .post(
                        "/realms/" + agent.realm + "/agent-grant/attestation/explain",
                        Map.of("client_id", agent.agent, "presentation", presentation(agent, otherIssuer, svid)))
                .expect(200)
                .json();
        assertThat(explained.path("stage").asText()).as(explained.toString()).isEqualTo("evidence");
        assertThat(explained.path("reason").asText()).isEqualTo("invalid_audience");
        assertThat(explained.path("source").asText()).isEqualTo(agent.source);
        // The other hostname as such is fine: evidence naming its issuer is accepted there.
        String svidForOther = agent.attestation.svid(agent.workload, otherIssuer, Instant.now());
        agent.request(viaOther, form(agent, otherIssuer, svidForOther)).expect(201);
    }

    @Test
    void identicallyConfiguredSourcesOfTwoRealmsDoNotShareResults(KeycloakServer keycloak) {
        AgentGrantFixture inA = AgentGrantFixture.create(keycloak, Map.of());
        AdminApi admin = keycloak.admin();
        String realmB = "cache-" + inA.suffix;
        admin.post("/realms", Map.of("realm", realmB, "enabled", true)).expect(201);
        try {
            twin(admin, inA, realmB);
            String issuerB = keycloak.realmUri(realmB).toString();
            String svidForA = inA.attestation.svid(inA.workload, inA.issuer(), Instant.now());
            inA.request(form(inA, inA.issuer(), svidForA)).expect(201);

            Http.Response inB = keycloak.http()
                    .postForm(
                            "/realms/" + realmB + "/agent-grant/requests",
                            form(inA, issuerB, svidForA),
                            "Authorization",
                            inA.basicAuth());

            assertRefused(inB);
            JsonNode explained = admin.post(
                            "/realms/" + realmB + "/agent-grant/attestation/explain",
                            Map.of("client_id", inA.agent, "presentation", presentation(inA, issuerB, svidForA)))
                    .expect(200)
                    .json();
            assertThat(explained.path("stage").asText())
                    .as(explained.toString())
                    .isEqualTo("evidence");
            assertThat(explained.path("reason").asText()).isEqualTo("invalid_audience");
            // Realm B accepts the same workload's evidence made out to it.
            String svidForB = inA.attestation.svid(inA.workload, issuerB, Instant.now());
            keycloak.http()
                    .postForm(
                            "/realms/" + realmB + "/agent-grant/requests",
                            form(inA, issuerB, svidForB),
                            "Authorization",
                            inA.basicAuth())
                    .expect(201);
        } finally {
            admin.delete("/realms/" + realmB).expect(204);
        }
    }

    /** In {@code realm}: the fixture's source (same alias, type and configuration), audience client and agent. */
    private static void twin(AdminApi admin, AgentGrantFixture fixture, String realm) {
        String realmId = admin.getJson("/realms/" + realm).path("id").asText();
        admin.post(
                        "/realms/" + realm + "/components",
                        Map.of(
                                "name",
                                fixture.source,
                                "providerId",
                                "spiffe-jwt-svid",
                                "providerType",
                                SOURCE_TYPE,
                                "parentId",
                                realmId,
                                "config",
                                Map.of(
                                        "trust-domain",
                                        List.of("example.org"),
                                        "trust",
                                        List.of(fixture.attestation.bundle()))))
                .expect(201);
        JsonNode sourceA = admin.getJson(
                        "/realms/" + fixture.realm + "/components?type=" + SOURCE_TYPE + "&name=" + fixture.source)
                .get(0);
        JsonNode sourceB = admin.getJson(
                        "/realms/" + realm + "/components?type=" + SOURCE_TYPE + "&name=" + fixture.source)
                .get(0);
        assertThat(sourceB.path("config")).isEqualTo(sourceA.path("config"));
        admin.post("/realms/" + realm + "/clients", Map.of("clientId", fixture.audience, "publicClient", false))
                .expect(201);
        JsonNode agentA = admin.getJson("/realms/" + fixture.realm + "/clients?clientId=" + fixture.agent)
                .get(0);
        admin.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                fixture.agent,
                                "publicClient",
                                false,
                                "secret",
                                fixture.secret,
                                "serviceAccountsEnabled",
                                true,
                                "fullScopeAllowed",
                                false,
                                "standardFlowEnabled",
                                false,
                                "attributes",
                                agentA.path("attributes")))
                .expect(201);
    }

    private static String presentation(AgentGrantFixture agent, String realmIssuer, String svid) {
        return agent.attestation.presentation(agent.agent, realmIssuer, Map.of(agent.source, svid), Instant.now());
    }

    /** A valid grant request whose presentation, made out to {@code realmIssuer}, carries {@code svid}. */
    private static Map<String, String> form(AgentGrantFixture agent, String realmIssuer, String svid) {
        return AgentGrantFixture.changed(
                agent.form(Map.of()), Map.of("actor_token", presentation(agent, realmIssuer, svid)));
    }

    private static void assertRefused(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(response.json().path("error_description").asText())
                .isEqualTo("The attestation presentation was not accepted");
    }

    /**
     * The same server under another name: {@code localhost} for the loopback address the harness binds, else the
     * address a host name resolves to. Keycloak (without a fixed hostname) derives the realm issuer from it.
     */
    private static URI otherSpelling(URI base) {
        String host = base.getHost();
        String other;
        if (host.equals("127.0.0.1")) {
            other = "localhost";
        } else {
            try {
                other = InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("Cannot resolve " + host, e);
            }
        }
        if (other.equals(host)) {
            throw new IllegalStateException("No second name for the server at " + base + " to reach it through");
        }
        return URI.create(base.getScheme() + "://" + other + ":" + base.getPort());
    }
}
