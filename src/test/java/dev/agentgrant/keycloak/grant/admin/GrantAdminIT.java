package dev.agentgrant.keycloak.grant.admin;

import static dev.agentgrant.keycloak.grant.AgentGrantFixture.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import dev.agentgrant.keycloak.testing.RealmAdmins;
import java.util.ArrayList;
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

/**
 * {@code /admin/realms/{realm}/agent-grant/grants|agents|users}: the admin review, revocation, suspension, export and
 * erasure of task grants, driven over HTTP on a real Keycloak — with Keycloak's admin authentication in front
 * (no token, a realm user without admin roles, an admin of another realm). Approved grants need a person in a
 * browser and are covered where approval is; here the grants are requests still waiting for a decision.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantAdminIT {

    private static final String PASSWORD = "correct horse battery staple";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String otherRealm = "grant-admin-other-" + suffix;
    private KeycloakServer keycloak;
    private AdminApi admin;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
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
    void theListFiltersByAgentUserAndStatusAndPagesNewestFirst() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        Person person = createPerson(REALM);
        String named = requestFor(agent, person.username());
        String second = requestFor(agent, null);
        String newest = requestFor(agent, null);
        String others = requestFor(other, person.email());

        assertThat(ids(list("agent=" + agent.agent))).containsExactly(newest, second, named);
        JsonNode firstPage = list("agent=" + agent.agent + "&first=0&max=2");
        assertThat(ids(firstPage)).containsExactly(newest, second);
        assertThat(firstPage.path("first").asInt()).isZero();
        assertThat(firstPage.path("max").asInt()).isEqualTo(2);
        assertThat(ids(list("agent=" + agent.agent + "&first=2&max=2"))).containsExactly(named);
        assertThat(ids(list("agent=" + agent.agent + "&status=PENDING"))).containsExactly(newest, second, named);
        assertThat(ids(list("agent=" + agent.agent + "&status=APPROVED"))).isEmpty();
        assertThat(ids(list("agent=" + agent.agent + "&status=DENIED"))).isEmpty();
        assertThat(ids(list("user=" + person.id())))
                .as("requests naming the person by username or email")
                .containsExactly(others, named);
        assertThat(ids(list("user=" + person.id() + "&agent=" + other.agent))).containsExactly(others);
        assertThat(ids(list("user=" + person.id() + "&agent=" + other.agent + "&status=EXPIRED")))
                .isEmpty();
        JsonNode defaults = list("agent=" + other.agent);
        assertThat(defaults.path("first").asInt()).isZero();
        assertThat(defaults.path("max").asInt()).isEqualTo(20);
        JsonNode listed = defaults.path("grants").get(0);
        assertThat(listed.path("status").asText()).isEqualTo("PENDING");
        assertThat(listed.path("agent_client_id").asText()).isEqualTo(other.agent);
        assertThat(listed.path("login_hint").asText()).isEqualTo(person.email());
    }

    @Test
    void theListPagesByCursorWithTheNextPageLinkedAndTheFiltersKept() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String oldest = requestFor(agent, null);
        String middle = requestFor(agent, null);
        String newest = requestFor(agent, null);
        String filters = "agent=" + agent.agent + "&status=PENDING";

        Http.Response first = admin.get(grants("?" + filters + "&max=2")).expect(200);
        assertThat(ids(first.json())).containsExactly(newest, middle);
        String next = first.json().path("next").asText();
        assertThat(next).matches("[A-Za-z0-9_-]+");
        assertThat(first.header("Link"))
                .as("RFC 8288: the next page, same filters, the cursor in place of first")
                .startsWith("<" + keycloak.baseUri())
                .contains("/admin/realms/" + REALM + "/agent-grant/grants?")
                .contains("agent=" + agent.agent)
                .contains("status=PENDING")
                .contains("max=2")
                .contains("after=" + next)
                .doesNotContain("first=")
                .endsWith(">; rel=\"next\"");

        Http.Response last =
                admin.get(grants("?" + filters + "&max=2&after=" + next)).expect(200);
        assertThat(ids(last.json())).containsExactly(oldest);
        assertThat(last.json().path("after").asText()).isEqualTo(next);
        assertThat(last.json().has("next")).as("nothing follows").isFalse();
        assertThat(last.header("Link")).isNull();

        // A page found by offset names the next one by cursor too, and the cursor goes on where the offset ended.
        JsonNode byOffset = list(filters + "&first=1&max=1");
        assertThat(ids(byOffset)).containsExactly(middle);
        assertThat(ids(list(filters + "&max=5&after=" + byOffset.path("next").asText())))
                .containsExactly(oldest);
    }

    @Test
    void aCursorThisListDidNotAnswerIsRefusedWithTheReason() {
        for (String query : List.of("after=not-a-cursor", "after=MTc2NzIyNTYwMDEyMy5B", "after=" + "A".repeat(200))) {
            Http.Response response = admin.get(grants("?" + query));
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
            assertThat(response.json().path("error_description").asText())
                    .as(query)
                    .startsWith("after is not a cursor this list answered");
        }
        String wellFormed = GrantCursor.encode(new GrantSearch.Position(1_767_225_600_000L, "A".repeat(43)));
        assertThat(list("after=" + wellFormed).path("grants"))
                .as("a well-formed cursor before every grant")
                .isEmpty();
        Http.Response both = admin.get(grants("?first=1&after=" + wellFormed));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().path("error_description").asText()).contains("after and first exclude each other");
    }

    @Test
    void theListFiltersByAudienceAndByTheTimeTheRequestWasMade() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        String older = requestFor(agent, null);
        String newer = requestFor(agent, null);
        String elsewhere = requestFor(other, null);
        long olderAt = adminJson(grants("/" + older)).path("requested_at").asLong();
        long newerAt = adminJson(grants("/" + newer)).path("requested_at").asLong();

        assertThat(ids(list("audience=" + agent.audience))).containsExactly(newer, older);
        assertThat(ids(list("audience=" + other.audience))).containsExactly(elsewhere);
        assertThat(ids(list("audience=" + agent.audience + "&agent=" + other.agent)))
                .isEmpty();
        assertThat(ids(list("audience=no-such-audience-" + suffix)))
                .as("an audience is not looked up, only matched")
                .isEmpty();

        String agents = "agent=" + agent.agent;
        assertThat(ids(list(agents + "&created_after=" + olderAt))).containsExactly(newer, older);
        assertThat(ids(list(agents + "&created_after=" + (newerAt + 1)))).isEmpty();
        assertThat(ids(list(agents + "&created_before=" + (newerAt + 1)))).containsExactly(newer, older);
        assertThat(ids(list(agents + "&created_before=" + olderAt)))
                .as("the window's end is exclusive")
                .isEmpty();
        assertThat(ids(list(agents + "&created_after=" + olderAt + "&created_before=" + (newerAt + 1) + "&audience="
                        + agent.audience + "&status=PENDING")))
                .containsExactly(newer, older);
    }

    @Test
    void badFiltersAreRefusedNeverIgnored() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        List<String> queries = List.of(
                "status=ACTIVE",
                "status=pending",
                "first=-1",
                "first=x",
                "max=0",
                "max=101",
                "max=abc",
                "max=",
                "colour=blue",
                "status=PENDING&status=DENIED",
                "user=" + UUID.randomUUID(),
                "agent=no-such-client-" + suffix,
                "agent=" + agent.agent + "&max=1000",
                "audience=",
                "created_after=yesterday",
                "created_after=-5",
                "created_before=1.5",
                "created_after=1767312000&created_before=1767225600",
                "created_after=1&created_after=2",
                "after=",
                "after=x",
                "after=a&after=b");

        SoftAssertions softly = new SoftAssertions();
        for (String query : queries) {
            Http.Response response = admin.get(grants("?" + query));
            softly.assertThat(response.status()).as(response.toString()).isEqualTo(400);
            softly.assertThat(response.json().path("error").asText()).as(query).isEqualTo("invalid_request");
            softly.assertThat(response.json().path("error_description").asText())
                    .as(query)
                    .isNotBlank();
        }
        softly.assertAll();
    }

    // ---- one grant
    // ---------------------------------------------------------------------------------------------------

    @Test
    void oneGrantComesWithEverythingStoredAndItsAuditTrail() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, "tester");

        Http.Response response = admin.get(grants("/" + id)).expect(200);

        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode grant = response.json();
        assertThat(grant.path("id").asText()).isEqualTo(id);
        assertThat(grant.path("status").asText()).isEqualTo("PENDING");
        assertThat(grant.path("agent_client_id").asText()).isEqualTo(agent.agent);
        assertThat(grant.path("login_hint").asText()).isEqualTo("tester");
        assertThat(grant.path("audience").asText()).isEqualTo(agent.audience);
        assertThat(grant.path("requested_scope").asText()).isEqualTo("calendar.read calendar.write");
        assertThat(grant.path("authorization_details").isArray()).isTrue();
        assertThat(grant.path("attestation").path("sources").toString()).isEqualTo("[\"" + agent.source + "\"]");
        assertThat(grant.path("attestation")
                        .path("facts")
                        .path(agent.source + ".spiffe_id")
                        .asText())
                .isEqualTo(agent.workload);
        assertThat(grant.path("attestation").path("policy_version").asText()).isNotBlank();
        assertThat(grant.path("attestation").path("instance_jkt").asText()).isNotBlank();
        assertThat(grant.path("requested_at").asLong()).isPositive();
        assertThat(grant.path("approval_expires_at").asLong())
                .isGreaterThan(grant.path("requested_at").asLong());
        assertThat(response.body()).doesNotContainIgnoringCase("user_code");
        JsonNode audit = grant.path("audit");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("action").asText()).isEqualTo("requested");
        assertThat(audit.get(0).path("actor_type").asText()).isEqualTo("agent");
        assertThat(audit.get(0).path("actor_id").asText()).isEqualTo(agent.agent);
        assertThat(audit.get(0).path("details").isObject()).isTrue();
    }

    @Test
    void unknownGrantsAndGrantsOfAnotherRealmAreNotFound() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, null);

        for (String path : List.of(
                grants("/" + "A".repeat(43)),
                grants("/not-a-grant-id"),
                "/realms/" + otherRealm + "/agent-grant/grants/" + id)) {
            Http.Response response = admin.get(path);
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().path("error").asText()).isEqualTo("not_found");
        }
        Http.Response revoke = admin.post("/realms/" + otherRealm + "/agent-grant/grants/" + id + "/revoke", null);
        assertThat(revoke.status()).as(revoke.toString()).isEqualTo(404);
        assertThat(ids(adminJson("/realms/" + otherRealm + "/agent-grant/grants")))
                .doesNotContain(id);
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");
    }

    // ---- revoke
    // ------------------------------------------------------------------------------------------------------

    @Test
    void revokingARequestThatIsNotAnActiveGrantIsAConflictAndChangesNothing() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, null);

        Http.Response response = admin.post(grants("/" + id + "/revoke"), null);

        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.json().path("error").asText()).isEqualTo("not_active");
        assertThat(response.json().path("error_description").asText()).contains("PENDING");
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");
        JsonNode grant = adminJson(grants("/" + id));
        assertThat(grant.has("ended_at")).isFalse();
        assertThat(actions(grant)).containsExactly("requested");
        assertThat(admin.post(grants("/" + "A".repeat(43) + "/revoke"), null).status())
                .isEqualTo(404);
    }

    @Test
    void revokingByAgentDeniesItsWaitingRequestsAndLeavesOtherAgentsAlone() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        String first = requestFor(agent, null);
        String second = requestFor(agent, "tester");
        String untouched = requestFor(other, null);

        JsonNode answer = revokeAll(Map.of("agent", agent.agent)).expect(200).json();

        assertThat(answer.path("revoked").asInt()).isZero();
        assertThat(answer.path("denied").asInt()).isEqualTo(2);
        for (String id : List.of(first, second)) {
            assertThat(agent.status(id).expect(200).json().path("status").asText())
                    .isEqualTo("DENIED");
            JsonNode grant = adminJson(grants("/" + id));
            assertThat(grant.path("end_reason").asText()).isEqualTo("revoked_by_admin");
            assertThat(grant.path("ended_by").asText()).startsWith("admin:");
            assertThat(grant.has("user_id")).as("nobody decided as the person").isFalse();
            assertThat(actions(grant)).containsExactly("requested", "denied");
            JsonNode denied = grant.path("audit").get(1);
            assertThat(denied.path("actor_type").asText()).isEqualTo("admin");
            assertThat(denied.path("details").path("agent").asText()).isEqualTo(agent.agent);
        }
        assertThat(other.status(untouched).expect(200).json().path("status").asText())
                .isEqualTo("PENDING");
        JsonNode again = revokeAll(Map.of("agent", agent.agent)).expect(200).json();
        assertThat(again.path("denied").asInt())
                .as("each request is denied once")
                .isZero();
    }

    @Test
    void revokingBySourceDeniesRequestsCarryingThatEvidenceOnly() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, null);
        String untouched = requestFor(other, null);

        // '_' is a LIKE wildcard; unescaped, it would match the '-' of this agent's source alias.
        String lookalike = agent.source.replace('-', '_');
        JsonNode none = revokeAll(Map.of("source", lookalike)).expect(200).json();
        assertThat(none.path("denied").asInt()).isZero();
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");

        JsonNode answer = revokeAll(Map.of("source", agent.source)).expect(200).json();

        assertThat(answer.path("revoked").asInt()).isZero();
        assertThat(answer.path("denied").asInt()).isEqualTo(1);
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("DENIED");
        assertThat(other.status(untouched).expect(200).json().path("status").asText())
                .isEqualTo("PENDING");
    }

    @Test
    void revokingByUserEndsApprovedGrantsOnlyAndLeavesRequestsWaitingForThem() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        Person person = createPerson(REALM);
        String id = requestFor(agent, person.username());

        JsonNode answer = revokeAll(Map.of("user", person.id())).expect(200).json();

        assertThat(answer.path("revoked").asInt()).isZero();
        assertThat(answer.path("denied").asInt()).isZero();
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void badBulkRevocationsAreRefusedAndChangeNothing() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, null);
        List<Object> bodies = List.of(
                "{}",
                "[]",
                "not json",
                Map.of("agent", agent.agent, "source", agent.source),
                Map.of("client", agent.agent),
                Map.of("source", "spire%"),
                Map.of("agent", "no-such-client-" + suffix),
                Map.of("user", UUID.randomUUID().toString()),
                Map.of("agent", ""));

        SoftAssertions softly = new SoftAssertions();
        for (Object body : bodies) {
            Http.Response response = revokeAll(body);
            softly.assertThat(response.status()).as(response.toString()).isEqualTo(400);
            softly.assertThat(response.json().path("error").asText())
                    .as(response.toString())
                    .isEqualTo("invalid_request");
        }
        softly.assertAll();
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");
    }

    // ---- suspend and resume ----------------------------------------------------------------------------------------

    @Test
    void aSuspendedAgentIsRefusedNewRequestsUntilResumed() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());

        JsonNode suspended = admin.post(agents("/" + agent.agent + "/suspend"), null)
                .expect(200)
                .json();

        assertThat(suspended.path("client_id").asText()).isEqualTo(agent.agent);
        assertThat(suspended.path("suspended").asBoolean()).isTrue();
        assertThat(clientAttribute(agent.agent, "agent-grant.suspended")).isEqualTo("true");
        Http.Response refused = agent.request(agent.form(Map.of()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("unauthorized_client");

        JsonNode resumed = admin.post(agents("/" + agent.agent + "/resume"), null)
                .expect(200)
                .json();

        assertThat(resumed.path("suspended").asBoolean()).isFalse();
        assertThat(clientAttribute(agent.agent, "agent-grant.suspended")).isEqualTo("false");
        agent.request(agent.form(Map.of())).expect(201);
    }

    @Test
    void onlyAgentsCanBeSuspended() {
        for (String clientId : List.of("it-api", "no-such-client-" + suffix)) {
            Http.Response response = admin.post(agents("/" + clientId + "/suspend"), null);
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().path("error").asText()).isEqualTo("not_found");
        }
        assertThat(clientAttribute("it-api", "agent-grant.suspended")).isNull();
    }

    // ---- export and erase
    // --------------------------------------------------------------------------------------------

    @Test
    void aPersonsGrantsCanBeExportedAndErased() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        Person person = createPerson(REALM);
        String byUsername = requestFor(agent, person.username());
        String byEmail = requestFor(agent, person.email());
        String someoneElses = requestFor(agent, "tester");

        JsonNode export = adminJson(users("/" + person.id() + "/grants"));

        assertThat(export.path("user_id").asText()).isEqualTo(person.id());
        assertThat(export.path("username").asText()).isEqualTo(person.username());
        assertThat(ids(export)).containsExactly(byEmail, byUsername);
        for (JsonNode grant : export.path("grants")) {
            assertThat(actions(grant)).containsExactly("requested");
        }

        JsonNode erased =
                admin.delete(users("/" + person.id() + "/grants")).expect(200).json();

        assertThat(erased.path("erased").asInt()).isEqualTo(2);
        for (String id : List.of(byUsername, byEmail)) {
            Http.Response status = agent.status(id);
            assertThat(status.status()).as(status.toString()).isEqualTo(404);
            assertThat(admin.get(grants("/" + id)).status()).isEqualTo(404);
        }
        assertThat(agent.status(someoneElses).expect(200).json().path("status").asText())
                .isEqualTo("PENDING");
        assertThat(actions(adminJson(grants("/" + someoneElses)))).containsExactly("requested");
        assertThat(ids(adminJson(users("/" + person.id() + "/grants")))).isEmpty();
        assertThat(admin.delete(users("/" + person.id() + "/grants"))
                        .expect(200)
                        .json()
                        .path("erased")
                        .asInt())
                .isZero();
    }

    @Test
    void exportAndEraseOfAnUnknownUserAreNotFound() {
        String nobody = UUID.randomUUID().toString();

        assertThat(admin.get(users("/" + nobody + "/grants")).status()).isEqualTo(404);
        assertThat(admin.delete(users("/" + nobody + "/grants")).status()).isEqualTo(404);
    }

    // ---- admin events ----------------------------------------------------------------------------------------------

    @Test
    void everyChangeIsAnAdminEvent() {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        Person person = createPerson(REALM);
        requestFor(agent, person.username());
        requestFor(agent, null);

        revokeAll(Map.of("agent", agent.agent)).expect(200);
        admin.post(agents("/" + agent.agent + "/suspend"), null).expect(200);
        admin.post(agents("/" + agent.agent + "/resume"), null).expect(200);
        admin.delete(users("/" + person.id() + "/grants")).expect(200);

        List<JsonNode> events = new ArrayList<>();
        adminJson("/realms/" + REALM + "/admin-events?resourceTypes=CUSTOM&max=1000")
                .forEach(events::add);
        JsonNode bulk = event(events, "ACTION", "agent-grant/grants/revoke", agent.agent);
        assertThat(bulk.path("representation").asText())
                .contains("\"denied\":2")
                .contains("\"revoked\":0");
        assertThat(bulk.path("details").path("denied").asText()).isEqualTo("2");
        assertThat(bulk.path("authDetails").path("realmId").asText()).isNotBlank();
        JsonNode suspend = event(events, "ACTION", "agent-grant/agents/" + agent.agent + "/suspend", agent.agent);
        assertThat(suspend.path("representation").asText()).contains("\"suspended\":true");
        event(events, "ACTION", "agent-grant/agents/" + agent.agent + "/resume", agent.agent);
        // The request naming the person was denied by the admin, not decided by them: it is still theirs to erase.
        JsonNode erase = event(events, "DELETE", "agent-grant/users/" + person.id() + "/grants", "\"erased\":1");
        assertThat(erase.path("details").path("erased").asText()).isEqualTo("1");
    }

    private static JsonNode event(List<JsonNode> events, String operation, String resourcePath, String mentioning) {
        return events.stream()
                .filter(e -> e.path("operationType").asText().equals(operation))
                .filter(e -> e.path("resourcePath").asText().equals(resourcePath))
                .filter(e -> e.path("representation").asText().contains(mentioning))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("No " + operation + " admin event on " + resourcePath + " among " + events));
    }

    // ---- authorization
    // -------------------------------------------------------------------------------------------------

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        Http http = keycloak.http();
        String base = "/admin" + grants("");

        for (Http.Response response : List.of(
                http.get(base),
                http.get(base + "/" + "A".repeat(43)),
                http.postForm(base + "/" + "A".repeat(43) + "/revoke", Map.of()),
                http.sendJson("POST", base + "/revoke", Map.of("agent", "it-agent")),
                http.postForm("/admin" + agents("/it-agent/suspend"), Map.of()),
                http.get("/admin" + users("/" + UUID.randomUUID() + "/grants")),
                http.sendJson("DELETE", "/admin" + users("/" + UUID.randomUUID() + "/grants"), null))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
        }
    }

    @Test
    void aRealmUserWithoutAdminRolesIsForbidden() {
        Person plain = createPerson(REALM);
        String token = passwordToken(REALM, plain);
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, null);

        for (Http.Response response : callsWith(REALM, token, id, agent.agent, plain.id())) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
        }
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");
        assertThat(clientAttribute(agent.agent, "agent-grant.suspended")).isNull();
    }

    @Test
    void anAdminOfAnotherRealmCannotReachThisRealmsGrants() {
        Person otherAdmin = createPerson(otherRealm);
        grantRealmAdmin(otherRealm, otherAdmin.id());
        String token = passwordToken(otherRealm, otherAdmin);
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of());
        String id = requestFor(agent, null);
        Person person = createPerson(REALM);

        // The token works: its holder administers the grants of its own realm.
        keycloak.http()
                .get("/admin/realms/" + otherRealm + "/agent-grant/grants", "Authorization", "Bearer " + token)
                .expect(200);
        for (Http.Response response : callsWith(REALM, token, id, agent.agent, person.id())) {
            assertThat(response.status()).as(response.toString()).isIn(401, 403);
        }
        assertThat(agent.status(id).expect(200).json().path("status").asText()).isEqualTo("PENDING");
        assertThat(clientAttribute(agent.agent, "agent-grant.suspended")).isNull();
    }

    private List<Http.Response> callsWith(
            String realm, String token, String grantId, String agentClientId, String userId) {
        Http http = keycloak.http();
        String bearer = "Bearer " + token;
        String base = "/admin/realms/" + realm + "/agent-grant";
        return List.of(
                http.get(base + "/grants", "Authorization", bearer),
                http.get(base + "/grants/" + grantId, "Authorization", bearer),
                http.postForm(base + "/grants/" + grantId + "/revoke", Map.of(), "Authorization", bearer),
                http.sendJson("POST", base + "/grants/revoke", Map.of("agent", agentClientId), "Authorization", bearer),
                http.postForm(base + "/agents/" + agentClientId + "/suspend", Map.of(), "Authorization", bearer),
                http.get(base + "/users/" + userId + "/grants", "Authorization", bearer),
                http.sendJson("DELETE", base + "/users/" + userId + "/grants", null, "Authorization", bearer));
    }

    // ---- helpers
    // -------------------------------------------------------------------------------------------------------

    private record Person(String id, String username, String email) {}

    /** A user with a password and a complete profile (no required action stands between them and a token). */
    private Person createPerson(String realm) {
        String username = "person-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@example.com";
        String id = People.create(
                admin, realm, Profile.named(username, "Grant", "Admin").withPassword(PASSWORD));
        return new Person(id, username, email);
    }

    private void grantRealmAdmin(String realm, String userId) {
        RealmAdmins.grantManagementRoles(admin, realm, userId, List.of("realm-admin"));
    }

    /** A token for the person through a public client with direct access grants, made for this test. */
    private String passwordToken(String realm, Person person) {
        return RealmAdmins.directGrantToken(
                admin, keycloak.http(), realm, "grant-admin-probe-", person.username(), PASSWORD);
    }

    private String clientAttribute(String clientId, String attribute) {
        JsonNode client =
                adminJson("/realms/" + REALM + "/clients?clientId=" + clientId).get(0);
        JsonNode value = client.path("attributes").path(attribute);
        return value.isMissingNode() ? null : value.asText();
    }

    /** A pending request of that agent, naming {@code loginHint} unless null; its grant id. */
    private static String requestFor(AgentGrantFixture agent, String loginHint) {
        Map<String, String> changes = loginHint == null ? Map.of() : Map.of("login_hint", loginHint);
        return agent.request(agent.form(changes))
                .expect(201)
                .json()
                .path("grant_id")
                .asText();
    }

    private Http.Response revokeAll(Object body) {
        return admin.post(grants("/revoke"), body);
    }

    private JsonNode list(String query) {
        return adminJson(grants("?" + query));
    }

    private JsonNode adminJson(String path) {
        return admin.getJson(path);
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.path("grants").spliterator(), false)
                .map(g -> g.path("id").asText())
                .toList();
    }

    private static List<String> actions(JsonNode grant) {
        return StreamSupport.stream(grant.path("audit").spliterator(), false)
                .map(a -> a.path("action").asText())
                .toList();
    }

    private static String grants(String rest) {
        return "/realms/" + REALM + "/agent-grant/grants" + rest;
    }

    private static String agents(String rest) {
        return "/realms/" + REALM + "/agent-grant/agents" + rest;
    }

    private static String users(String rest) {
        return "/realms/" + REALM + "/agent-grant/users" + rest;
    }
}
