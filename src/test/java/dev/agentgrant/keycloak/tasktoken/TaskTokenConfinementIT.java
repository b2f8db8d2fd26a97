package dev.agentgrant.keycloak.tasktoken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.RealmAdmins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A task token is honoured by its audience and the realm's introspection, and by nothing else of Keycloak's: not the
 * admin REST API, the account API, userinfo, the standard token exchange, UMA, refresh, CIBA or logout — as issued,
 * after its grant is revoked, after its person is disabled; Bearer and DPoP; in every spelling Keycloak's parsers
 * accept ({@link ConfinementMatrix}). The person approving is a realm administrator (view-users) and the agents have
 * Keycloak's standard token exchange enabled, so a token treated as the person would show.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskTokenConfinementIT {

    static final String REALM = AgentGrantFixture.REALM;
    static final String AUDIENCE_SECRET = "audience-secret";

    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture dpopAgent;
    private AgentGrantFixture bearerAgent;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        dpopAgent = agent(keycloak, Map.of());
        bearerAgent = agent(keycloak, Map.of("dpop.bound.access.tokens", "false"));
    }

    /** An agent with Keycloak's standard token exchange enabled, as is its audience, whose secret is known. */
    static AgentGrantFixture agent(KeycloakServer node, Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(extra);
        attributes.put("standard.token.exchange.enabled", "true");
        attributes.put("agent-grant.max-pending-requests", "50");
        AgentGrantFixture agent = AgentGrantFixture.create(node, attributes);
        node.admin().updateClient(REALM, agent.audience, c -> {
            c.put("secret", AUDIENCE_SECRET);
            c.withObjectProperty("attributes").put("standard.token.exchange.enabled", "true");
        });
        return agent;
    }

    /** A person who may view the realm's users (realm-management/view-users), besides the realm's default roles. */
    static String administrator(AdminApi admin, String prefix) {
        String username = ApprovedGrants.person(admin, prefix);
        String userId = ApprovedGrants.userId(admin, username);
        RealmAdmins.grantManagementRoles(admin, REALM, userId, List.of("view-users"));
        return username;
    }

    @Test
    void thePersonsOwnTokenOpensTheEndpointsATaskTokenMayNot() {
        String username = administrator(admin, "control");
        String control = "control-" + UUID.randomUUID().toString().substring(0, 6);
        admin.createPasswordClient(REALM, control);
        String token = RealmAdmins.passwordGrant(
                        keycloak.http(), REALM, control, username, username, Map.of("scope", "openid"))
                .expect(200)
                .json()
                .path("access_token")
                .asText();

        for (String path : List.of(
                "/admin/realms/" + REALM + "/users",
                "/realms/" + REALM + "/account",
                "/realms/" + REALM + "/protocol/openid-connect/userinfo")) {
            Http.Response answer =
                    keycloak.http().get(path, "Authorization", "Bearer " + token, "Accept", "application/json");
            assertThat(answer.status()).as(path + " " + answer).isEqualTo(200);
            assertThat(answer.body()).contains(username);
        }
    }

    @Test
    void aTaskTokenIsHonouredOnlyByItsAudienceAndIntrospection(Browser browser) {
        List<Minted> minted = new ArrayList<>();
        for (String state : List.of("issued", "revoked", "person-disabled")) {
            browser.clearCookies();
            String username = administrator(admin, state);
            minted.add(mint(browser, state, username, dpopAgent, true));
            minted.add(mint(browser, state, username, bearerAgent, false));
        }
        for (Minted m : minted) {
            JsonNode answer = keycloak.http()
                    .postForm(
                            "/realms/" + REALM + "/protocol/openid-connect/token/introspect",
                            Map.of("token", m.subject.token()),
                            "Authorization",
                            Http.basic(m.subject.agent().audience, AUDIENCE_SECRET))
                    .expect(200)
                    .json();
            assertThat(answer.path("active").asBoolean())
                    .as(m.subject.label() + " " + answer)
                    .isTrue();
        }
        minted.stream()
                .filter(m -> m.subject.label().startsWith("revoked"))
                .forEach(m -> m.subject.agent().revoke(m.subject.grantId()).expect(200));
        minted.stream()
                .filter(m -> m.subject.label().startsWith("person-disabled"))
                .map(m -> m.subject.userId())
                .distinct()
                .forEach(id -> admin.put("/realms/" + REALM + "/users/" + id, Map.of("enabled", false))
                        .expect(204));

        ConfinementMatrix matrix = new ConfinementMatrix(keycloak.http(), REALM);
        List<String> violations = new ArrayList<>();
        minted.forEach(m -> violations.addAll(matrix.violations(m.subject, m.dpopBound)));
        // Nothing the matrix sent (revocation by the audience, logout…) ended the standing tokens.
        minted.stream()
                .filter(m -> m.subject.standing())
                .forEach(m -> assertThat(keycloak.http()
                                .postForm(
                                        "/realms/" + REALM + "/protocol/openid-connect/token/introspect",
                                        Map.of("token", m.subject.token()),
                                        "Authorization",
                                        Http.basic(m.subject.agent().audience, AUDIENCE_SECRET))
                                .expect(200)
                                .json()
                                .path("active")
                                .asBoolean())
                        .as(m.subject.label())
                        .isTrue());

        // Keycloak's admin API authorises a token by the person's roles within the scope of its azp client: with the
        // agents' scope opened up after minting, only the confinement itself stands between the token and the users.
        for (AgentGrantFixture agent : List.of(dpopAgent, bearerAgent)) {
            admin.updateClient(REALM, agent.agent, c -> c.put("fullScopeAllowed", true));
        }
        try {
            minted.forEach(m -> violations.addAll(matrix.violations(m.subject, m.dpopBound)));
        } finally {
            for (AgentGrantFixture agent : List.of(dpopAgent, bearerAgent)) {
                admin.updateClient(REALM, agent.agent, c -> c.put("fullScopeAllowed", false));
            }
        }
        System.out.println("Keycloak's answers to task tokens:\n" + matrix.observations());
        assertThat(violations).isEmpty();
    }

    record Minted(ConfinementMatrix.Subject subject, boolean dpopBound) {}

    private Minted mint(Browser browser, String state, String username, AgentGrantFixture agent, boolean dpop) {
        String grantId = ApprovedGrants.approved(browser, agent, username, Map.of());
        Http.Response exchanged = dpop
                ? ExchangeCalls.exchange(keycloak.http(), agent, grantId)
                : ExchangeCalls.send(
                        keycloak.http(),
                        ExchangeCalls.tokenPath(agent),
                        agent,
                        ExchangeCalls.exchangeForm(grantId, agent.presentation()),
                        null);
        JsonNode body = exchanged.expect(200).json();
        assertThat(body.path("token_type").asText()).isEqualTo(dpop ? "DPoP" : "Bearer");
        // Keycloak's token context in the id: a transient session, and the task-token grant type's shortcut.
        assertThat(TaskTokens.parse(body.path("access_token").asText())
                        .orElseThrow()
                        .getId())
                .startsWith("tr")
                .matches("^tr.." + TaskTokenMark.GRANT_SHORTCUT + ":.+");
        String label = state + " " + (dpop ? "DPoP" : "Bearer") + " token";
        return new Minted(
                new ConfinementMatrix.Subject(
                        label,
                        body.path("access_token").asText(),
                        agent,
                        AUDIENCE_SECRET,
                        grantId,
                        username,
                        ApprovedGrants.userId(admin, username),
                        state.equals("issued")),
                dpop);
    }

    /**
     * A token a sub-agent took over (docs/wire-contract.md, "Sub-agent chains") is a task token like any other: the same
     * grant type in its id, the same {@code grant_id}; no Keycloak endpoint treats it as the person, while it stands and
     * after its grant is revoked, and the sub-agent cannot launder it through Keycloak's own exchange either.
     */
    @Test
    void aHandedOnTaskTokenIsHonouredOnlyByItsAudienceAndIntrospectionToo(Browser browser) {
        Map<String, String> subAgentProfile = new HashMap<>();
        subAgentProfile.put("agent-grant.allowed-audiences", dpopAgent.audience);
        AgentGrantFixture subAgent = agent(keycloak, subAgentProfile);
        subAgentProfile.put("dpop.bound.access.tokens", "false");
        AgentGrantFixture bearerSubAgent = agent(keycloak, subAgentProfile);
        dpopAgent.setAttributes(Map.of("agent-grant.delegates", subAgent.agent + " " + bearerSubAgent.agent));
        browser.clearCookies();
        String username = administrator(admin, "handed-on");
        String grantId = ApprovedGrants.approvedWithDelegates(
                browser, dpopAgent, username, Map.of(), Set.of(subAgent.agent, bearerSubAgent.agent));
        String root = ExchangeCalls.exchange(keycloak.http(), dpopAgent, grantId)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        String handedOn = ExchangeCalls.handOver(keycloak.http(), subAgent, root)
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        assertThat(TaskTokens.parse(handedOn).orElseThrow().getId())
                .matches("^tr.." + TaskTokenMark.GRANT_SHORTCUT + ":.+");
        // A sub-agent whose tokens are not DPoP-bound hands over without a proof and gets a Bearer token.
        JsonNode bearerAnswer = ExchangeCalls.send(
                        keycloak.http(),
                        ExchangeCalls.tokenPath(bearerSubAgent),
                        bearerSubAgent,
                        ExchangeCalls.chainForm(root, bearerSubAgent.presentation()),
                        null)
                .expect(200)
                .json();
        assertThat(bearerAnswer.path("token_type").asText()).isEqualTo("Bearer");
        String handedOnBearer = bearerAnswer.path("access_token").asText();
        String userId = ApprovedGrants.userId(admin, username);

        ConfinementMatrix matrix = new ConfinementMatrix(keycloak.http(), REALM);
        List<String> violations = new ArrayList<>(matrix.violations(
                new ConfinementMatrix.Subject(
                        "handed-on DPoP token",
                        handedOn,
                        subAgent,
                        dpopAgent.audience,
                        AUDIENCE_SECRET,
                        grantId,
                        username,
                        userId,
                        true),
                true));
        violations.addAll(matrix.violations(
                new ConfinementMatrix.Subject(
                        "handed-on Bearer token",
                        handedOnBearer,
                        bearerSubAgent,
                        dpopAgent.audience,
                        AUDIENCE_SECRET,
                        grantId,
                        username,
                        userId,
                        true),
                false));
        dpopAgent.revoke(grantId).expect(200);
        violations.addAll(matrix.violations(
                new ConfinementMatrix.Subject(
                        "handed-on DPoP token of a revoked grant",
                        handedOn,
                        subAgent,
                        dpopAgent.audience,
                        AUDIENCE_SECRET,
                        grantId,
                        username,
                        userId,
                        false),
                true));
        violations.addAll(matrix.violations(
                new ConfinementMatrix.Subject(
                        "handed-on Bearer token of a revoked grant",
                        handedOnBearer,
                        bearerSubAgent,
                        dpopAgent.audience,
                        AUDIENCE_SECRET,
                        grantId,
                        username,
                        userId,
                        false),
                false));
        System.out.println("Keycloak's answers to a handed-on task token:\n" + matrix.observations());
        assertThat(violations).isEmpty();
    }

    @Test
    void theAgentMayRevokeItsOwnTaskTokenWhichEndsTheTokenNotTheGrant(Browser browser) {
        browser.clearCookies();
        String username = ApprovedGrants.person(admin, "self-revoke");
        Minted minted = mint(browser, "issued", username, dpopAgent, true);
        String introspect = "/realms/" + REALM + "/protocol/openid-connect/token/introspect";
        String audience = Http.basic(dpopAgent.audience, AUDIENCE_SECRET);

        keycloak.http()
                .postForm(
                        "/realms/" + REALM + "/protocol/openid-connect/revoke",
                        Map.of("token", minted.subject.token(), "token_type_hint", "access_token"),
                        "Authorization",
                        dpopAgent.basicAuth())
                .expect(200);

        assertThat(keycloak.http()
                        .postForm(introspect, Map.of("token", minted.subject.token()), "Authorization", audience)
                        .expect(200)
                        .json()
                        .toString())
                .isEqualTo("{\"active\":false}");
        assertThat(dpopAgent
                        .status(minted.subject.grantId())
                        .expect(200)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("APPROVED");
        String next = ExchangeCalls.exchange(keycloak.http(), dpopAgent, minted.subject.grantId())
                .expect(200)
                .json()
                .path("access_token")
                .asText();
        assertThat(keycloak.http()
                        .postForm(introspect, Map.of("token", next), "Authorization", audience)
                        .expect(200)
                        .json()
                        .path("active")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theTaskTokenGrantTypeCannotBeRequested() {
        Http.Response answer = keycloak.http()
                .postForm(
                        "/realms/" + REALM + "/protocol/openid-connect/token",
                        Map.of("grant_type", TaskTokenMark.GRANT_TYPE),
                        "Authorization",
                        dpopAgent.basicAuth());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(answer.body()).doesNotContain("access_token");
    }

    @Test
    void anAgentWithFullScopeOrAnAdministrationRoleInScopeIsRefusedUntilFixed() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        agent.request(agent.form(Map.of())).expect(201);

        admin.updateClient(REALM, agent.agent, c -> c.put("fullScopeAllowed", true));
        assertUnusableProfile(agent.request(agent.form(Map.of())));
        admin.updateClient(REALM, agent.agent, c -> c.put("fullScopeAllowed", false));
        agent.request(agent.form(Map.of())).expect(201);

        String agentUuid = admin.getJson("/realms/" + REALM + "/clients?clientId=" + agent.agent)
                .get(0)
                .path("id")
                .asText();
        String account = admin.getJson("/realms/" + REALM + "/clients?clientId=account")
                .get(0)
                .path("id")
                .asText();
        JsonNode manageAccount = admin.getJson("/realms/" + REALM + "/clients/" + account + "/roles/manage-account");
        String mapping = "/realms/" + REALM + "/clients/" + agentUuid + "/scope-mappings/clients/" + account;
        admin.post(mapping, List.of(manageAccount)).expect(204);
        assertUnusableProfile(agent.request(agent.form(Map.of())));

        // Through a composite realm role in the scope of one of another agent's client scopes: still found.
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        String otherUuid = admin.getJson("/realms/" + REALM + "/clients?clientId=" + other.agent)
                .get(0)
                .path("id")
                .asText();
        String role = "agent-composite-" + other.suffix;
        admin.post("/realms/" + REALM + "/roles", Map.of("name", role)).expect(201);
        admin.post("/realms/" + REALM + "/roles/" + role + "/composites", List.of(manageAccount))
                .expect(204);
        String scope = "agent-scope-" + other.suffix;
        admin.post("/realms/" + REALM + "/client-scopes", Map.of("name", scope, "protocol", "openid-connect"))
                .expect(201);
        String scopeId = admin.getJson("/realms/" + REALM + "/client-scopes").findParents("name").stream()
                .filter(s -> s.path("name").asText().equals(scope))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asText();
        admin.post(
                        "/realms/" + REALM + "/client-scopes/" + scopeId + "/scope-mappings/realm",
                        List.of(admin.getJson("/realms/" + REALM + "/roles/" + role)))
                .expect(204);
        other.request(other.form(Map.of())).expect(201);
        admin.put("/realms/" + REALM + "/clients/" + otherUuid + "/optional-client-scopes/" + scopeId, Map.of())
                .expect(204);
        assertUnusableProfile(other.request(other.form(Map.of())));
    }

    private static void assertUnusableProfile(Http.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("unauthorized_client");
        assertThat(answer.json().path("error_description").asText()).contains("not configured correctly");
    }
}
