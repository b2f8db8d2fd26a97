package dev.agentgrant.keycloak.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BruteForce;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.events.EventType;

/**
 * The realm's standard introspection endpoint (RFC 7662) on task tokens (docs/wire-contract.md, "Revocation and
 * introspection"): a token stops being active the moment its grant, person or agent stops standing, whatever the token itself says; an exhausted
 * grant's last token stays active; who acts and why is shown only to the audience and the agent.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskTokenIntrospectionIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final String INTROSPECT = "/realms/" + REALM + "/protocol/openid-connect/token/introspect";
    private static final String AUDIENCE_SECRET = "audience-secret";

    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        fixture = agent();
        storeIntrospectionEvents();
    }

    /** An agent of its own whose audience client can authenticate with {@link #AUDIENCE_SECRET}. */
    private AgentGrantFixture agent() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        admin.updateClient(REALM, agent.audience, c -> c.put("secret", AUDIENCE_SECRET));
        return agent;
    }

    private String clientUuid(String clientId) {
        return admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId)
                .get(0)
                .path("id")
                .asText();
    }

    private static String basic(String clientId, String secret) {
        return Http.basic(clientId, secret);
    }

    /** A task token of a grant {@code username} approved for {@code agent}. */
    private String token(AgentGrantFixture agent, String grantId) {
        return ExchangeCalls.exchange(keycloak.http(), agent, grantId)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
    }

    private JsonNode introspect(String token, String authorization) {
        Http.Response response =
                keycloak.http().postForm(INTROSPECT, Map.of("token", token), "Authorization", authorization);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode asAudience(AgentGrantFixture agent, String token) {
        return introspect(token, basic(agent.audience, AUDIENCE_SECRET));
    }

    private boolean active(AgentGrantFixture agent, String token) {
        return asAudience(agent, token).path("active").asBoolean();
    }

    private static void assertInactive(JsonNode answer) {
        // RFC 7662 §2.2: an inactive token tells nothing else about itself.
        assertThat(answer.toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void theAudienceAndTheAgentSeeWhoActsAnotherClientSeesLessOrNothing(Browser browser) throws Exception {
        String username = ApprovedGrants.person(admin, "viewer");
        String grantId = ApprovedGrants.approved(browser, fixture, username, Map.of());
        String token = token(fixture, grantId);
        String jkt =
                fixture.attestation.instanceKey.publicJwk().computeThumbprint().toString();

        JsonNode full = asAudience(fixture, token);
        assertThat(full.path("active").asBoolean()).as(full.toString()).isTrue();
        assertThat(full.path("sub").asText()).isEqualTo(ApprovedGrants.userId(admin, username));
        assertThat(full.path("username").asText()).isEqualTo(username);
        assertThat(full.path("client_id").asText()).isEqualTo(fixture.agent);
        assertThat(full.path("aud").asText()).isEqualTo(fixture.audience);
        assertThat(full.path("scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(full.path("token_type").asText()).isEqualTo("DPoP");
        assertThat(full.path("cnf").path("jkt").asText()).isEqualTo(jkt);
        assertThat(full.path("act").path("client_id").asText()).isEqualTo(fixture.agent);
        assertThat(full.path("grant_id").asText()).isEqualTo(grantId);
        assertThat(full.path("attestation").path("sources").toString()).isEqualTo("[\"" + fixture.source + "\"]");
        assertThat(full.path("authorization_details").path(0).path("type").asText())
                .isEqualTo("agent_task");
        for (String leak :
                List.of("realm_access", "resource_access", "email", "name", "acr", "sid", "allowed-origins")) {
            assertThat(full.has(leak)).as(leak + " in " + full).isFalse();
        }

        JsonNode own = introspect(token, fixture.basicAuth());
        assertThat(own.path("active").asBoolean()).as(own.toString()).isTrue();
        assertThat(own.path("act").path("client_id").asText()).isEqualTo(fixture.agent);
        assertThat(own.path("grant_id").asText()).isEqualTo(grantId);

        String observer = "observer-" + UUID.randomUUID().toString().substring(0, 6);
        admin.post(
                        "/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                observer,
                                "publicClient",
                                false,
                                "secret",
                                "observer-secret",
                                "standardFlowEnabled",
                                false))
                .expect(201);
        assertInactive(introspect(token, basic(observer, "observer-secret")));

        admin.updateClient(
                REALM,
                observer,
                c -> c.withObjectProperty("attributes")
                        .put("allow.token.introspection.without.audience.check", "true"));
        JsonNode limited = introspect(token, basic(observer, "observer-secret"));
        assertThat(limited.path("active").asBoolean()).as(limited.toString()).isTrue();
        assertThat(limited.path("sub").asText()).isEqualTo(full.path("sub").asText());
        assertThat(limited.path("cnf").path("jkt").asText()).isEqualTo(jkt);
        for (String hidden : List.of("act", "grant_id", "attestation")) {
            assertThat(limited.has(hidden)).as(hidden + " in " + limited).isFalse();
        }
    }

    @Test
    void aRevokedGrantsTokensTurnInactiveAndTheRefusalIsAnEvent(Browser browser) {
        String username = ApprovedGrants.person(admin, "revoker");
        String grantId = ApprovedGrants.approved(browser, fixture, username, Map.of());
        String first = token(fixture, grantId);
        String second = token(fixture, grantId);
        assertThat(active(fixture, first)).isTrue();

        fixture.revoke(grantId).expect(200);

        assertInactive(asAudience(fixture, first));
        assertInactive(asAudience(fixture, second));
        assertInactive(introspect(first, fixture.basicAuth()));
        JsonNode events =
                admin.getJson("/realms/" + REALM + "/events?type=INTROSPECT_TOKEN_ERROR&client=" + fixture.audience);
        assertThat(events.findValues("details")).anySatisfy(d -> {
            assertThat(d.path("grant_id").asText()).isEqualTo(grantId);
            assertThat(d.path("reason").asText()).isEqualTo("grant_revoked");
        });
    }

    /** Stores introspection events (Keycloak does not by default) besides the default ones, for the class's tests. */
    private void storeIntrospectionEvents() {
        List<String> types = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (type.isSaveByDefault()) {
                types.add(type.name());
            }
        }
        types.add(EventType.INTROSPECT_TOKEN.name());
        types.add(EventType.INTROSPECT_TOKEN_ERROR.name());
        admin.put("/realms/" + REALM + "/events/config", Map.of("eventsEnabled", true, "enabledEventTypes", types))
                .expect(204);
    }

    @AfterAll
    void restoreDefaultEvents() {
        admin.put("/realms/" + REALM + "/events/config", Map.of("eventsEnabled", true, "enabledEventTypes", List.of()))
                .expect(204);
    }

    @Test
    void anExhaustedGrantsLastTokenStaysActive(Browser browser) {
        String username = ApprovedGrants.person(admin, "exhaust");
        String grantId = ApprovedGrants.approved(browser, fixture, username, Map.of("max_uses", "1"));
        String last = token(fixture, grantId);

        assertThat(fixture.status(grantId).expect(200).json().path("status").asText())
                .isEqualTo("EXHAUSTED");
        assertThat(active(fixture, last)).isTrue();
    }

    @Test
    void aLockedOutDisabledOrDeletedPersonsTokensAreInactive(Browser browser) {
        String locked = ApprovedGrants.person(admin, "locked");
        String lockedId = ApprovedGrants.userId(admin, locked);
        String lockedToken = token(fixture, ApprovedGrants.approved(browser, fixture, locked, Map.of()));
        BruteForce.whileLockedOut(
                keycloak, REALM, locked, lockedId, () -> assertInactive(asAudience(fixture, lockedToken)));
        assertThat(active(fixture, lockedToken))
                .as("standing is read on every call: the lock-out ended")
                .isTrue();

        // Disabling and deleting a person also revoke their grants (the lifecycle listener): inactive either way.
        for (String change : List.of("disable", "delete")) {
            String username = ApprovedGrants.person(admin, change);
            browser.clearCookies();
            String user = "/realms/" + REALM + "/users/" + ApprovedGrants.userId(admin, username);
            String token = token(fixture, ApprovedGrants.approved(browser, fixture, username, Map.of()));
            assertThat(active(fixture, token)).isTrue();
            if (change.equals("disable")) {
                admin.put(user, Map.of("enabled", false)).expect(204);
            } else {
                admin.delete(user).expect(204);
            }
            assertInactive(asAudience(fixture, token));
        }
    }

    @Test
    void aSuspendedDisabledOrDeletedAgentsTokensAreInactive(Browser browser) {
        AgentGrantFixture agent = agent();
        String username = ApprovedGrants.person(admin, "agentgone");
        String token = token(agent, ApprovedGrants.approved(browser, agent, username, Map.of()));
        String agents = "/realms/" + REALM + "/agent-grant/agents/" + agent.agent;

        admin.post(agents + "/suspend", Map.of()).expect(200);
        assertInactive(asAudience(agent, token));
        admin.post(agents + "/resume", Map.of()).expect(200);
        assertThat(active(agent, token)).isTrue();

        admin.updateClient(REALM, agent.agent, c -> c.put("enabled", false));
        assertInactive(asAudience(agent, token));
        admin.updateClient(REALM, agent.agent, c -> c.put("enabled", true));
        assertThat(active(agent, token)).isTrue();

        admin.delete("/realms/" + REALM + "/clients/" + clientUuid(agent.agent)).expect(204);
        assertInactive(asAudience(agent, token));
    }

    @Test
    void theRealmsNotBeforeEndsTaskTokens(Browser browser) throws InterruptedException {
        String username = ApprovedGrants.person(admin, "notbefore");
        String token = token(fixture, ApprovedGrants.approved(browser, fixture, username, Map.of()));
        Thread.sleep(1100);
        try {
            admin.put("/realms/" + REALM, Map.of("notBefore", Instant.now().getEpochSecond()))
                    .expect(204);
            assertInactive(asAudience(fixture, token));
        } finally {
            admin.put("/realms/" + REALM, Map.of("notBefore", 0)).expect(204);
        }
        assertThat(active(fixture, token)).isTrue();
    }

    @Test
    void anExpiredGrantsTokensAreInactive(Browser browser) throws InterruptedException {
        String username = ApprovedGrants.person(admin, "expiring");
        String grantId = ApprovedGrants.approved(browser, fixture, username, Map.of("requested_lifetime", "40"));
        String token = token(fixture, grantId);
        assertThat(active(fixture, token)).isTrue();
        long expiresAt =
                fixture.status(grantId).expect(200).json().path("expires_at").asLong();

        Thread.sleep(Duration.ofSeconds(Math.max(0, expiresAt - Instant.now().getEpochSecond()) + 2)
                .toMillis());

        assertInactive(asAudience(fixture, token));
    }
}
