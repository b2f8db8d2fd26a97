package dev.agentgrant.keycloak.grant.admin;

import static dev.agentgrant.keycloak.grant.AgentGrantFixture.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import dev.agentgrant.keycloak.testing.RealmAdmins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /admin/realms/{realm}/agent-grant/agents}: listing, reading, making, changing and unmaking agents, driven over
 * HTTP on a real Keycloak as the master admin, as an admin who may only view, as a realm user without admin roles and
 * as the admin of another realm. Every refused write is checked to have changed nothing.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsAdminIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String AGENTS = "/realms/" + REALM + "/agent-grant/agents";

    private final String run = "agents-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String otherRealm = run + "-other";
    private KeycloakServer keycloak;
    private AdminApi admin;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        admin.put("/realms/" + REALM, Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true))
                .expect(204);
        admin.post("/realms", Map.of("realm", otherRealm, "enabled", true)).expect(201);
    }

    @AfterAll
    void removeOtherRealm() {
        admin.delete("/realms/" + otherRealm);
    }

    // ---- list ------------------------------------------------------------------------------------------------------

    @Test
    void theListFiltersBySearchOwnerSuspensionAndActiveGrantsAndPagesByClientId(Browser browser) {
        String tag = "listed-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = ApprovedGrants.person(admin, "owner");
        String ownerId = ApprovedGrants.userId(admin, owner);
        AgentGrantFixture active = AgentGrantFixture.create(keycloak, Map.of("agent-grant.owners", "someone-else"));
        AgentGrantFixture suspended = AgentGrantFixture.create(keycloak, Map.of("agent-grant.owners", owner));
        name(active.agent, tag + " active");
        name(suspended.agent, tag + " suspended");
        admin.post(AGENTS + "/" + suspended.agent + "/suspend", null).expect(200);
        String created = tag + "-created";
        admin.post(
                        AGENTS,
                        Map.of(
                                "client_id",
                                created,
                                "new_client",
                                true,
                                "attributes",
                                Map.of("agent-grant.allowed-scopes", "calendar.read")))
                .expect(201);
        String approver = ApprovedGrants.person(admin, "approver");
        ApprovedGrants.approved(browser, active, approver, Map.of());
        active.requestGrant(); // waiting requests are not active grants

        List<String> all = List.of(active.agent, suspended.agent, created).stream()
                .sorted()
                .toList();
        assertThat(clientIds(list("search=" + tag.toUpperCase()))).isEqualTo(all);
        assertThat(clientIds(list("search=" + tag + "&active=true"))).containsExactly(active.agent);
        assertThat(clientIds(list("search=" + tag + "&active=false")))
                .isEqualTo(all.stream().filter(a -> !a.equals(active.agent)).toList());
        assertThat(clientIds(list("search=" + tag + "&suspended=true"))).containsExactly(suspended.agent);
        assertThat(clientIds(list("search=" + tag + "&suspended=false")))
                .isEqualTo(all.stream().filter(a -> !a.equals(suspended.agent)).toList());
        assertThat(clientIds(list("owner=" + ownerId))).containsExactly(suspended.agent);
        assertThat(clientIds(list("owner=" + owner.toUpperCase()))).containsExactly(suspended.agent);
        assertThat(clientIds(list("search=" + tag + "&first=1&max=1"))).containsExactly(all.get(1));
        assertThat(clientIds(list("search=" + tag + "&first=3"))).isEmpty();

        JsonNode page = list("search=" + tag + "&active=true");
        assertThat(page.path("first").asInt()).isZero();
        assertThat(page.path("max").asInt()).isEqualTo(20);
        JsonNode item = page.path("agents").get(0);
        assertThat(item.path("active_grants").asLong()).isEqualTo(1);
        assertThat(item.path("name").asText()).isEqualTo(tag + " active");
        assertThat(item.path("id").asText())
                .isEqualTo(client(active.agent).path("id").asText());
        assertThat(item.path("enabled").asBoolean()).isTrue();
        assertThat(item.path("suspended").asBoolean()).isFalse();
        assertThat(item.path("usable").asBoolean()).isTrue();
        assertThat(texts(item.path("owners"))).containsExactly("someone-else");
        assertThat(texts(item.path("allowed_audiences"))).containsExactly(active.audience);
        assertThat(texts(item.path("allowed_scopes"))).containsExactly(AgentGrantFixture.SCOPES.split(" "));
        assertThat(item.path("attestation_policy_set").asBoolean()).isTrue();
        JsonNode suspendedItem =
                list("search=" + tag + "&suspended=true").path("agents").get(0);
        assertThat(suspendedItem.path("active_grants").asLong()).isZero();
        assertThat(suspendedItem.path("suspended").asBoolean()).isTrue();
    }

    @Test
    void badListParametersAreRefusedNeverIgnored() {
        SoftAssertions softly = new SoftAssertions();
        for (String query : List.of(
                "colour=blue",
                "active=yes",
                "suspended=",
                "search=a&search=b",
                "first=-1",
                "max=0",
                "max=101",
                "owner=" + "x".repeat(256))) {
            Http.Response response = admin.get(AGENTS + "?" + query);
            softly.assertThat(response.status()).as(response.toString()).isEqualTo(400);
            softly.assertThat(response.json().path("error").asText()).as(query).isEqualTo("invalid_request");
        }
        softly.assertAll();
    }

    // ---- one agent
    // ---------------------------------------------------------------------------------------------------

    @Test
    void oneAgentShowsItsAttributesItsProfileAndEveryProblem() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.owners", "bob"));
        JsonNode good = admin.getJson(AGENTS + "/" + agent.agent);
        assertThat(good.path("attributes").path("agent-grant.allowed-audiences").asText())
                .isEqualTo(agent.audience);
        assertThat(good.path("profile").path("max_uses").asInt()).isEqualTo(100);
        assertThat(good.path("problems")).isEmpty();
        assertThat(good.path("active_grants").asLong()).isZero();

        admin.updateClient(REALM, agent.agent, client -> {
            client.put("fullScopeAllowed", true);
            client.withObjectProperty("attributes").put("agent-grant.max-uses", "0");
            client.withObjectProperty("attributes").put("agent-grant.colour", "blue");
        });
        JsonNode broken = admin.getJson(AGENTS + "/" + agent.agent);
        assertThat(broken.has("profile")).isFalse();
        assertThat(broken.path("usable").asBoolean()).isFalse();
        assertThat(broken.path("attributes").path("agent-grant.max-uses").asText())
                .isEqualTo("0");
        assertThat(attributes(broken.path("problems")))
                .containsExactlyInAnyOrder("agent-grant.colour", "agent-grant.max-uses", "fullScopeAllowed");
        assertThat(texts(broken.path("owners"))).containsExactly("bob");

        Http.Response missing = admin.get(AGENTS + "/no-such-agent-" + run);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").asText()).isEqualTo("not_found");
        Http.Response notAnAgent = admin.get(AGENTS + "/" + agent.audience);
        assertThat(notAnAgent.status()).as("a client that is no agent").isEqualTo(404);
    }

    // ---- create
    // ------------------------------------------------------------------------------------------------------

    @Test
    void anExistingClientBecomesAnAgent() {
        String clientId = run + "-existing";
        createClient(clientId, false);

        Http.Response created = admin.post(
                AGENTS,
                Map.of(
                        "client_id",
                        clientId,
                        "attributes",
                        Map.of("agent-grant.allowed-scopes", "calendar.read", "agent-grant.owners", "bob")));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/agent-grant/agents/" + clientId);
        assertThat(created.json().path("attributes").path("agent-grant.enabled").asText())
                .isEqualTo("true");
        assertThat(created.json().path("problems")).isEmpty();
        JsonNode client = client(clientId);
        assertThat(client.path("attributes").path("agent-grant.allowed-scopes").asText())
                .isEqualTo("calendar.read");
        assertThat(client.path("description").asText()).isEqualTo("made by the test");

        Http.Response again = admin.post(AGENTS, Map.of("client_id", clientId));
        assertThat(again.status()).isEqualTo(400);
        assertThat(attributes(again.json().path("problems"))).containsExactly("client_id");
    }

    @Test
    void aNewAgentClientIsConfidentialWithAServiceAccountAndNarrowScope() {
        String clientId = run + "-new";

        Http.Response created = admin.post(
                AGENTS,
                Map.of(
                        "client_id",
                        clientId,
                        "new_client",
                        true,
                        "name",
                        "New agent",
                        "attributes",
                        Map.of("agent-grant.allowed-scopes", "calendar.read")));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("usable").asBoolean()).isTrue();
        JsonNode client = client(clientId);
        assertThat(client.path("name").asText()).isEqualTo("New agent");
        assertThat(client.path("publicClient").asBoolean()).isFalse();
        assertThat(client.path("bearerOnly").asBoolean()).isFalse();
        assertThat(client.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(client.path("fullScopeAllowed").asBoolean()).isFalse();
        assertThat(client.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.path("attributes").path("agent-grant.enabled").asText())
                .isEqualTo("true");
        admin.getJson("/realms/" + REALM + "/clients/" + client.path("id").asText() + "/service-account-user");
        admin.getJson("/realms/" + REALM + "/clients/" + client.path("id").asText() + "/client-secret");

        Http.Response duplicate = admin.post(AGENTS, Map.of("client_id", clientId, "new_client", true));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(attributes(duplicate.json().path("problems"))).containsExactly("client_id");
    }

    @Test
    void everyProblemIsAnsweredAtOnceAndNothingIsCreated() {
        String clientId = run + "-refused";
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("agent-grant.enabled", "false");
        attributes.put("agent-grant.max-uses", "0");
        attributes.put("agent-grant.allowed-scopes", "openid calendar.read");
        attributes.put("agent-grant.colour", "blue");
        attributes.put("description", "not an agent-grant attribute");
        attributes.put("agent-grant.owners", 7);

        Http.Response refused = admin.post(
                AGENTS, Map.of("client_id", clientId, "new_client", true, "attributes", attributes, "colour", "blue"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = refused.json();
        assertThat(body.path("error").asText()).isEqualTo("invalid_request");
        assertThat(body.path("errorMessage").asText())
                .isEqualTo(body.path("error_description").asText());
        assertThat(attributes(body.path("problems")))
                .containsExactlyInAnyOrder(
                        "agent-grant.enabled",
                        "agent-grant.max-uses",
                        "agent-grant.allowed-scopes",
                        "agent-grant.colour",
                        "description",
                        "agent-grant.owners",
                        "colour");
        assertThat(admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId))
                .isEmpty();

        String existing = run + "-wide";
        createClient(existing, true);
        Http.Response wide =
                admin.post(AGENTS, Map.of("client_id", existing, "attributes", Map.of("agent-grant.max-uses", "0")));
        assertThat(wide.status()).isEqualTo(400);
        assertThat(attributes(wide.json().path("problems")))
                .containsExactlyInAnyOrder("agent-grant.max-uses", "fullScopeAllowed");
        assertThat(client(existing).path("attributes").has("agent-grant.enabled"))
                .isFalse();

        Http.Response unknown = admin.post(AGENTS, Map.of("client_id", run + "-nobody"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(attributes(unknown.json().path("problems"))).containsExactly("client_id");
    }

    @Test
    void subAgentsMustBeOtherAgentsOfTheRealmAndShowInTheProfile() {
        String subAgent = run + "-sub";
        admin.post(AGENTS, Map.of("client_id", subAgent, "new_client", true)).expect(201);
        String plain = run + "-plain";
        createClient(plain, false);
        String delegator = run + "-delegator";
        try {

            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("agent-grant.delegates", String.join(" ", subAgent, plain, run + "-nobody", delegator));
            attributes.put("agent-grant.delegation-depth", "9");
            Http.Response refused =
                    admin.post(AGENTS, Map.of("client_id", delegator, "new_client", true, "attributes", attributes));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(attributes(refused.json().path("problems")))
                    .containsExactlyInAnyOrder(
                            "agent-grant.delegates",
                            "agent-grant.delegates",
                            "agent-grant.delegates",
                            "agent-grant.delegation-depth");
            assertThat(refused.json().path("problems").toString())
                    .contains("'" + plain + "' is a client but no agent")
                    .contains("'" + run + "-nobody' is no client of this realm")
                    .contains("'" + delegator + "' is this agent itself")
                    .doesNotContain("'" + subAgent + "'");
            assertThat(admin.getJson("/realms/" + REALM + "/clients?clientId=" + delegator))
                    .isEmpty();

            Http.Response created = admin.post(
                    AGENTS,
                    Map.of(
                            "client_id",
                            delegator,
                            "new_client",
                            true,
                            "attributes",
                            Map.of("agent-grant.delegates", subAgent, "agent-grant.delegation-depth", "1")));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(texts(created.json().path("profile").path("delegates"))).containsExactly(subAgent);
            assertThat(created.json().path("profile").path("delegation_depth").asInt())
                    .isEqualTo(1);
            assertThat(texts(list("search=" + delegator).path("agents").get(0).path("delegates")))
                    .containsExactly(subAgent);

            JsonNode stored = client(delegator).path("attributes");
            Http.Response self = admin.put(
                    AGENTS + "/" + delegator, Map.of("attributes", Map.of("agent-grant.delegates", delegator)));
            assertThat(self.status()).isEqualTo(400);
            assertThat(attributes(self.json().path("problems"))).containsExactly("agent-grant.delegates");
            assertThat(client(delegator).path("attributes")).isEqualTo(stored);

            // A sub-agent that stops being an agent does not stop the agent working, but the next save must drop it.
            admin.delete(AGENTS + "/" + subAgent + "/profile").expect(200);
            JsonNode after = admin.getJson(AGENTS + "/" + delegator);
            assertThat(after.path("problems")).isEmpty();
            assertThat(after.path("usable").asBoolean()).isTrue();
            Http.Response dangling = admin.put(
                    AGENTS + "/" + delegator, Map.of("attributes", Map.of("agent-grant.delegates", subAgent)));
            assertThat(dangling.status()).isEqualTo(400);
            assertThat(dangling.json().path("problems").toString())
                    .contains("'" + subAgent + "' is a client but no agent");
            admin.put(AGENTS + "/" + delegator, Map.of("attributes", Map.of())).expect(200);
            assertThat(client(delegator).path("attributes").has("agent-grant.delegates"))
                    .isFalse();
        } finally {
            for (String clientId : List.of(subAgent, plain, delegator)) {
                deleteClient(clientId);
            }
        }
    }

    @Test
    void malformedBodiesAreRefused() {
        Http http = keycloak.http();
        String bearer = "Bearer " + admin.bearerToken();
        for (String body : List.of("", "[]", "{\"client_id\":", "{\"client_id\":\"a\",\"client_id\":\"b\"}")) {
            Http.Response response = http.post("/admin" + AGENTS, "application/json", body, "Authorization", bearer);
            assertThat(response.status()).as(body + " " + response).isEqualTo(400);
            assertThat(attributes(response.json().path("problems"))).containsExactly("body");
        }
    }

    // ---- replace and remove
    // ------------------------------------------------------------------------------------------

    @Test
    void aReplacementReplacesTheProfileKeepsASuspensionAndChangesNothingWhenRefused() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-uses", "7"));
        admin.post(AGENTS + "/" + agent.agent + "/suspend", null).expect(200);

        Http.Response replaced = admin.put(
                AGENTS + "/" + agent.agent,
                Map.of(
                        "attributes",
                        Map.of("agent-grant.allowed-scopes", "calendar.read", "agent-grant.owners", "bob")));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        JsonNode stored = client(agent.agent).path("attributes");
        assertThat(stored.path("agent-grant.allowed-scopes").asText()).isEqualTo("calendar.read");
        assertThat(stored.path("agent-grant.suspended").asText()).isEqualTo("true");
        assertThat(stored.path("agent-grant.enabled").asText()).isEqualTo("true");
        assertThat(stored.has("agent-grant.max-uses"))
                .as("replaced, not merged")
                .isFalse();
        assertThat(stored.has("agent-grant.allowed-audiences")).isFalse();

        Http.Response refused = admin.put(
                AGENTS + "/" + agent.agent,
                Map.of(
                        "attributes",
                        Map.of("agent-grant.allowed-scopes", "offline_access", "agent-grant.max-uses", "x")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(attributes(refused.json().path("problems")))
                .containsExactlyInAnyOrder("agent-grant.allowed-scopes", "agent-grant.max-uses");
        assertThat(client(agent.agent).path("attributes")).isEqualTo(stored);

        assertThat(admin.put(AGENTS + "/no-such-agent-" + run, Map.of("attributes", Map.of()))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void removingTheProfileEndsTheAgentsOpenRequestsAndLeavesTheClient() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.spiffe-id", "spiffe://x/y"));
        String waiting = agent.requestGrant().path("grant_id").asText();

        Http.Response removed = admin.delete(AGENTS + "/" + agent.agent + "/profile");

        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().path("denied").asInt()).isEqualTo(1);
        assertThat(removed.json().path("revoked").asInt()).isZero();
        assertThat(texts(removed.json().path("removed_attributes")))
                .contains("agent-grant.enabled", "agent-grant.spiffe-id", "agent-grant.allowed-scopes");
        JsonNode client = client(agent.agent);
        assertThat(client.path("attributes").fieldNames())
                .toIterable()
                .noneMatch(name -> name.startsWith("agent-grant."));
        JsonNode grant = admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + waiting);
        assertThat(grant.path("status").asText()).isEqualTo("DENIED");
        assertThat(grant.path("end_reason").asText()).isEqualTo("agent_profile_removed");
        assertThat(admin.get(AGENTS + "/" + agent.agent).status()).isEqualTo(404);
        assertThat(admin.delete(AGENTS + "/" + agent.agent + "/profile").status())
                .isEqualTo(404);
    }

    // ---- admin events
    // ------------------------------------------------------------------------------------------------

    @Test
    void everyChangeIsAnAdminEvent() {
        String clientId = run + "-events";
        admin.post(AGENTS, Map.of("client_id", clientId, "new_client", true)).expect(201);
        admin.put(AGENTS + "/" + clientId, Map.of("attributes", Map.of("agent-grant.owners", "bob")))
                .expect(200);
        admin.delete(AGENTS + "/" + clientId + "/profile").expect(200);

        List<JsonNode> events = new ArrayList<>();
        admin.getJson("/realms/" + REALM + "/admin-events?resourceTypes=CUSTOM&max=1000")
                .forEach(events::add);
        String clientUuid = client(clientId).path("id").asText();
        assertThat(admin.getJson("/realms/" + REALM + "/admin-events?resourceTypes=CLIENT&operationTypes=CREATE"
                        + "&resourcePath=clients/" + clientUuid))
                .as("the new client's own event, as Keycloak's client API records it")
                .hasSize(1);
        assertThat(events)
                .anySatisfy(e -> {
                    assertThat(e.path("operationType").asText()).isEqualTo("CREATE");
                    assertThat(e.path("resourcePath").asText()).isEqualTo("agent-grant/agents/" + clientId);
                })
                .anySatisfy(e -> {
                    assertThat(e.path("operationType").asText()).isEqualTo("UPDATE");
                    assertThat(e.path("resourcePath").asText()).isEqualTo("agent-grant/agents/" + clientId);
                    assertThat(e.path("representation").asText()).contains("\"agent-grant.owners\":\"bob\"");
                })
                .anySatisfy(e -> {
                    assertThat(e.path("operationType").asText()).isEqualTo("DELETE");
                    assertThat(e.path("resourcePath").asText())
                            .isEqualTo("agent-grant/agents/" + clientId + "/profile");
                });
    }

    // ---- authorization
    // -----------------------------------------------------------------------------------------------

    @Test
    void anAdminWhoMayOnlyViewReadsAgentsButChangesNone() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String viewer = createPerson(REALM);
        grantRoles(REALM, viewer, "view-clients", "view-realm");
        String token = passwordToken(REALM, viewer);
        Http http = keycloak.http();
        String bearer = "Bearer " + token;
        String base = "/admin" + AGENTS;
        JsonNode before = client(agent.agent);

        assertThat(http.get(base + "?search=" + agent.suffix, "Authorization", bearer)
                        .expect(200)
                        .json()
                        .path("agents"))
                .hasSize(1);
        http.get(base + "/" + agent.agent, "Authorization", bearer).expect(200);
        for (Http.Response response : writes(http, bearer, base, agent.agent, run + "-viewer-made")) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
        }
        assertThat(client(agent.agent)).isEqualTo(before);
        assertThat(admin.getJson("/realms/" + REALM + "/clients?clientId=" + run + "-viewer-made"))
                .isEmpty();
    }

    @Test
    void aRealmUserWithoutAdminRolesAndAnAdminOfAnotherRealmReachNothing() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        JsonNode before = client(agent.agent);
        String plain = passwordToken(REALM, createPerson(REALM));
        String otherAdminName = createPerson(otherRealm);
        grantRoles(otherRealm, otherAdminName, "realm-admin");
        String otherAdmin = passwordToken(otherRealm, otherAdminName);
        Http http = keycloak.http();
        String base = "/admin" + AGENTS;
        keycloak.http()
                .get("/admin/realms/" + otherRealm + "/agent-grant/agents", "Authorization", "Bearer " + otherAdmin)
                .expect(200);

        for (String bearer : List.of("Bearer " + plain, "Bearer " + otherAdmin)) {
            List<Http.Response> responses = new ArrayList<>(writes(http, bearer, base, agent.agent, run + "-x"));
            responses.add(http.get(base, "Authorization", bearer));
            responses.add(http.get(base + "/" + agent.agent, "Authorization", bearer));
            for (Http.Response response : responses) {
                // A user of this realm without admin roles is authenticated but not allowed: 403, as Keycloak's own
                // client list answers; another realm's token is not accepted here at all (401) or not allowed (403).
                if (bearer.endsWith(plain)) {
                    assertThat(response.status()).as(response.toString()).isEqualTo(403);
                } else {
                    assertThat(response.status()).as(response.toString()).isIn(401, 403);
                }
            }
        }
        for (Http.Response response : List.of(http.get(base), http.get(base + "/" + agent.agent))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
        }
        assertThat(client(agent.agent)).isEqualTo(before);
    }

    private static List<Http.Response> writes(Http http, String bearer, String base, String agent, String newClient) {
        return List.of(
                http.sendJson(
                        "POST", base, Map.of("client_id", newClient, "new_client", true), "Authorization", bearer),
                http.sendJson(
                        "PUT",
                        base + "/" + agent,
                        Map.of("attributes", Map.of("agent-grant.owners", "mallory")),
                        "Authorization",
                        bearer),
                http.sendJson("DELETE", base + "/" + agent + "/profile", null, "Authorization", bearer),
                http.postForm(base + "/" + agent + "/suspend", Map.of(), "Authorization", bearer));
    }

    // ---- helpers
    // -----------------------------------------------------------------------------------------------------

    private JsonNode list(String query) {
        return admin.getJson(AGENTS + "?" + query);
    }

    private void name(String clientId, String name) {
        admin.updateClient(REALM, clientId, client -> client.put("name", name));
    }

    private JsonNode client(String clientId) {
        return admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId)
                .get(0);
    }

    /** Deletes a client this test made, if it exists. */
    private void deleteClient(String clientId) {
        JsonNode found = admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId);
        if (!found.isEmpty()) {
            admin.delete(
                    "/realms/" + REALM + "/clients/" + found.get(0).path("id").asText());
        }
    }

    private void createClient(String clientId, boolean fullScope) {
        Map<String, Object> client = new HashMap<>();
        client.put("clientId", clientId);
        client.put("description", "made by the test");
        client.put("publicClient", false);
        client.put("serviceAccountsEnabled", true);
        client.put("fullScopeAllowed", fullScope);
        admin.post("/realms/" + REALM + "/clients", client).expect(201);
    }

    private static List<String> clientIds(JsonNode page) {
        return StreamSupport.stream(page.path("agents").spliterator(), false)
                .map(a -> a.path("client_id").asText())
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static List<String> attributes(JsonNode problems) {
        return StreamSupport.stream(problems.spliterator(), false)
                .map(p -> p.path("attribute").asText())
                .toList();
    }

    /** A user with a password and a complete profile; answers the username. */
    private String createPerson(String realm) {
        String username = "agents-admin-" + UUID.randomUUID().toString().substring(0, 8);
        People.create(admin, realm, Profile.named(username, "Agents", "Admin").withPassword(PASSWORD));
        return username;
    }

    private void grantRoles(String realm, String username, String... roles) {
        RealmAdmins.grantManagementRoles(admin, realm, admin.userId(realm, username), List.of(roles));
    }

    /** A token for the user through a public client with direct access grants, made for this test. */
    private String passwordToken(String realm, String username) {
        return RealmAdmins.directGrantToken(admin, keycloak.http(), realm, "agents-admin-probe-", username, PASSWORD);
    }
}
