package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The revocation push on a real Keycloak (README.md, "Revocation push"): a receiver in the test JVM registered on the
 * fixture's audience client gets a SET for each way a grant ends and for each change of its agent's standing, signed
 * with the realm's key (checked with Nimbus against the realm's JWKS); a receiver that is down gets it once it is back;
 * a SET it refuses is dead-lettered, listed by the admin API, and sent again on an admin's retry. The test servers run
 * with a short retry schedule ({@code KeycloakOptions}: poll every second, retries after 1 s up to 2 s).
 */
@KeycloakIntegrationTest
@Tag("persistence")
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationPushIT {

    static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    static final String TOKEN_CLAIMS_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/token-claims-change";
    private static final String REALM = AgentGrantFixture.REALM;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture fixture;
    private SetReceiver receiver;
    private final String path = "ssf-" + UUID.randomUUID().toString().substring(0, 8);
    private final String authorization = "Bearer receiver-" + UUID.randomUUID();
    private String person;

    @BeforeAll
    void start(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        // Admin events are stored, as the other admin API tests of the shared realm also have them.
        admin.put("/realms/" + REALM, Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true))
                .expect(204);
        fixture = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        receiver = SetReceiver.start();
        register(receiver.endpoint(path), authorization);
        person = ApprovedGrants.person(admin, "ssf");
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            register("", "");
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void register(String endpoint, String header) {
        admin.updateClient(REALM, fixture.audience, client -> {
            ObjectNode attributes = client.withObjectProperty("attributes");
            attributes.put("agent-grant.ssf.push-endpoint", endpoint);
            attributes.put("agent-grant.ssf.authorization-header", header);
        });
    }

    private String approved(Browser browser, Map<String, String> extra) {
        return ApprovedGrants.approved(browser, fixture, person, extra);
    }

    private String userId() {
        return ApprovedGrants.userId(admin, person);
    }

    /** The first push about {@code grantId} carrying an event of {@code type} whose members satisfy {@code match}. */
    private SetReceiver.Push pushed(String grantId, String type, Predicate<JsonNode> match) {
        Optional<SetReceiver.Push> push = receiver.await(path, about(grantId, type, match), WAIT);
        assertThat(push)
                .as("a %s SET about grant %s within %s; received %s", type, grantId, WAIT, receiver.pushes())
                .isPresent();
        return push.get();
    }

    private static Predicate<SetReceiver.Push> about(String grantId, String type, Predicate<JsonNode> match) {
        return push -> {
            JsonNode claims = SetVerifier.payload(push.body());
            return claims.path("sub_id").path("session").path("id").asText().equals(grantId)
                    && claims.path("events").has(type)
                    && match.test(claims.path("events").path(type));
        };
    }

    private JsonNode verified(SetReceiver.Push push) {
        return SetVerifier.verified(push.body(), SetVerifier.realmKeys(keycloak.http(), REALM));
    }

    private JsonNode signals(String query) {
        return admin.getJson("/realms/" + REALM + "/agent-grant/signals" + query);
    }

    /** Waits until the admin API shows the grant's only SET of {@code type} satisfying {@code done}; answers it. */
    private JsonNode signalOf(String grantId, String type, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode signal : signals("?grant=" + grantId).path("signals")) {
                if (signal.path("event_type").asText().equals(type)) {
                    last = signal;
                    if (done.test(signal)) {
                        return signal;
                    }
                }
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("no SET of grant " + grantId + " as expected within " + WAIT + "; last " + last);
    }

    private void revokeAsAdmin(String grantId) {
        admin.post("/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke", Map.of())
                .expect(200);
    }

    @Test
    void anAdminRevocationReachesTheReceiverAsASignedSessionRevokedSet(Browser browser) {
        String grantId = approved(browser, Map.of());

        revokeAsAdmin(grantId);

        SetReceiver.Push push = pushed(grantId, SESSION_REVOKED, event -> true);
        assertThat(push.method()).isEqualTo("POST");
        assertThat(push.contentType()).isEqualTo("application/secevent+jwt");
        assertThat(push.accept()).isEqualTo("application/json");
        assertThat(push.authorization()).isEqualTo(authorization);
        JsonNode claims = verified(push);
        assertThat(SetVerifier.header(push.body(), "alg")).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo(fixture.issuer());
        assertThat(claims.path("aud").asText()).isEqualTo(fixture.audience);
        assertThat(claims.path("jti").asText()).isNotBlank();
        assertThat(claims.path("iat").asLong())
                .isBetween(
                        Instant.now().minusSeconds(120).getEpochSecond(),
                        Instant.now().getEpochSecond());
        assertThat(claims.has("sub")).isFalse();
        assertThat(claims.has("exp")).isFalse();
        JsonNode subject = claims.path("sub_id");
        assertThat(subject.path("format").asText()).isEqualTo("complex");
        assertThat(subject.path("session").path("format").asText()).isEqualTo("opaque");
        assertThat(subject.path("user").path("format").asText()).isEqualTo("iss_sub");
        assertThat(subject.path("user").path("iss").asText()).isEqualTo(fixture.issuer());
        assertThat(subject.path("user").path("sub").asText()).isEqualTo(userId());
        assertThat(claims.path("events").size()).isEqualTo(1);
        JsonNode event = claims.path("events").path(SESSION_REVOKED);
        assertThat(event.path("initiating_entity").asText()).isEqualTo("admin");
        assertThat(event.path("reason_admin").path("en").asText()).isEqualTo("revoked_by_admin");
        assertThat(event.path("event_timestamp").asLong())
                .isEqualTo(claims.path("iat").asLong());

        JsonNode listed = signalOf(
                grantId, SESSION_REVOKED, s -> s.path("status").asText().equals("DELIVERED"));
        assertThat(listed.path("id").asText()).isEqualTo(claims.path("jti").asText());
        assertThat(listed.path("attempts").asInt()).isEqualTo(1);
        assertThat(listed.path("last_status").asInt()).isEqualTo(202);
        assertThat(listed.path("receiver").asText()).isEqualTo(fixture.audience);
        assertThat(listed.path("user_id").asText()).isEqualTo(userId());
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/signals/"
                                + listed.path("id").asText())
                        .path("status")
                        .asText())
                .isEqualTo("DELIVERED");
    }

    @Test
    void theAgentsOwnRevocationAndTheLastUseAreTold(Browser browser) {
        String revoked = approved(browser, Map.of());
        String usedUp = approved(browser, Map.of("max_uses", "1"));

        fixture.revoke(revoked).expect(200);
        ExchangeCalls.exchange(keycloak.http(), fixture, usedUp).expect(200);

        JsonNode byAgent = verified(pushed(revoked, SESSION_REVOKED, event -> true))
                .path("events")
                .path(SESSION_REVOKED);
        assertThat(byAgent.path("initiating_entity").asText()).isEqualTo("system");
        assertThat(byAgent.path("reason_admin").path("en").asText()).isEqualTo("revoked_by_agent");
        JsonNode exhausted = verified(pushed(usedUp, SESSION_REVOKED, event -> true))
                .path("events")
                .path(SESSION_REVOKED);
        assertThat(exhausted.path("initiating_entity").asText()).isEqualTo("policy");
        assertThat(exhausted.path("reason_admin").path("en").asText()).isEqualTo("max_uses_reached");
    }

    @Test
    void disablingThePersonRevokesTheirGrantsAndTellsTheReceiver(Browser browser) {
        String someone = ApprovedGrants.person(admin, "ssf-disabled");
        String grantId = ApprovedGrants.approved(browser, fixture, someone, Map.of());
        String id = ApprovedGrants.userId(admin, someone);

        ObjectNode user = (ObjectNode) admin.getJson("/realms/" + REALM + "/users/" + id);
        user.put("enabled", false);
        admin.put("/realms/" + REALM + "/users/" + id, user).expect(204);

        JsonNode claims = verified(pushed(grantId, SESSION_REVOKED, event -> true));
        assertThat(claims.path("sub_id").path("user").path("sub").asText()).isEqualTo(id);
        JsonNode event = claims.path("events").path(SESSION_REVOKED);
        assertThat(event.path("initiating_entity").asText()).isEqualTo("policy");
        assertThat(event.path("reason_admin").path("en").asText()).isEqualTo("user_disabled");
    }

    @Test
    void theAgentsStandingIsATokenClaimsChangeForEachActiveGrant(Browser browser) {
        String grantId = approved(browser, Map.of());
        String agents = "/realms/" + REALM + "/agent-grant/agents/" + fixture.agent;
        try {
            admin.post(agents + "/suspend", Map.of()).expect(200);
            JsonNode suspended = verified(pushed(
                            grantId, TOKEN_CLAIMS_CHANGE, e -> e.path("claims").has("agent_grant_agent_suspended")))
                    .path("events")
                    .path(TOKEN_CLAIMS_CHANGE);
            assertThat(suspended
                            .path("claims")
                            .path("agent_grant_agent_suspended")
                            .asBoolean())
                    .isTrue();
            assertThat(suspended.path("initiating_entity").asText()).isEqualTo("admin");
            assertThat(suspended.path("reason_admin").path("en").asText()).isEqualTo("agent_suspended");

            // Suspending a suspended agent changes nothing a receiver honours: no second SET.
            admin.post(agents + "/suspend", Map.of()).expect(200);
            admin.post(agents + "/resume", Map.of()).expect(200);
            pushed(
                    grantId,
                    TOKEN_CLAIMS_CHANGE,
                    e -> e.path("reason_admin").path("en").asText().equals("agent_resumed"));
            assertThat(claimsChanges(grantId)).containsExactly("agent_suspended", "agent_resumed");

            // Keycloak's own client API (as the admin console and kcadm.sh use it): the client's switch.
            admin.updateClient(REALM, fixture.agent, client -> client.put("enabled", false));
            JsonNode disabled = verified(pushed(
                            grantId, TOKEN_CLAIMS_CHANGE, e -> e.path("claims").has("agent_grant_agent_disabled")))
                    .path("events")
                    .path(TOKEN_CLAIMS_CHANGE);
            assertThat(disabled.path("claims")
                            .path("agent_grant_agent_disabled")
                            .asBoolean())
                    .isTrue();
            admin.updateClient(REALM, fixture.agent, client -> client.put("enabled", true));
            pushed(
                    grantId,
                    TOKEN_CLAIMS_CHANGE,
                    e -> e.path("reason_admin").path("en").asText().equals("agent_enabled"));
            // An update that changes something else tells nobody anything.
            admin.updateClient(REALM, fixture.agent, client -> client.put("description", "changed"));
            sleep(Duration.ofSeconds(3));
            assertThat(claimsChanges(grantId))
                    .containsExactly("agent_suspended", "agent_resumed", "agent_disabled", "agent_enabled");
        } finally {
            admin.post(agents + "/resume", Map.of());
            admin.updateClient(REALM, fixture.agent, client -> client.put("enabled", true));
        }
    }

    /** The reasons of the token-claims-change SETs pushed about a grant, in the order received. */
    private List<String> claimsChanges(String grantId) {
        return receiver.pushesTo(path, about(grantId, TOKEN_CLAIMS_CHANGE, e -> true)).stream()
                .map(push -> SetVerifier.payload(push.body())
                        .path("events")
                        .path(TOKEN_CLAIMS_CHANGE)
                        .path("reason_admin")
                        .path("en")
                        .asText())
                .toList();
    }

    @Test
    void aSubAgentsStandingIsToldForTheGrantsThatMayBeHandedToIt(Browser browser) {
        AgentGrantFixture subAgent =
                AgentGrantFixture.create(keycloak, Map.of("agent-grant.allowed-audiences", fixture.audience));
        fixture.setAttributes(Map.of("agent-grant.delegates", subAgent.agent));
        try {
            String handedOn =
                    ApprovedGrants.approvedWithDelegates(browser, fixture, person, Map.of(), Set.of(subAgent.agent));
            String kept = ApprovedGrants.approvedWithDelegates(browser, fixture, person, Map.of(), Set.of());

            admin.post("/realms/" + REALM + "/agent-grant/agents/" + subAgent.agent + "/suspend", Map.of())
                    .expect(200);

            JsonNode event = verified(pushed(
                            handedOn,
                            TOKEN_CLAIMS_CHANGE,
                            e -> e.path("reason_admin").path("en").asText().equals("agent_suspended")))
                    .path("events")
                    .path(TOKEN_CLAIMS_CHANGE);
            assertThat(event.path("claims").path("agent_grant_agent_suspended").asBoolean())
                    .isTrue();
            // A grant whose person unticked the sub-agent has no hop of it to end.
            sleep(Duration.ofSeconds(3));
            assertThat(claimsChanges(kept)).isEmpty();
        } finally {
            fixture.setAttributes(Map.of("agent-grant.delegates", ""));
            admin.delete("/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, subAgent.agent));
        }
    }

    @Test
    void aReceiverThatIsDownGetsTheSetOnceItIsBack(Browser browser) {
        String grantId = approved(browser, Map.of());
        receiver.answer(503, "");
        try {
            revokeAsAdmin(grantId);

            JsonNode failing =
                    signalOf(grantId, SESSION_REVOKED, s -> s.path("attempts").asInt() >= 2);
            assertThat(failing.path("status").asText()).isEqualTo("PENDING");
            assertThat(failing.path("last_status").asInt()).isEqualTo(503);
            assertThat(failing.path("last_error").asText()).isEqualTo("HTTP 503");
            assertThat(failing.has("next_attempt_at")).isTrue();
        } finally {
            receiver.accept();
        }

        JsonNode delivered = signalOf(
                grantId, SESSION_REVOKED, s -> s.path("status").asText().equals("DELIVERED"));
        List<SetReceiver.Push> pushes = receiver.pushesTo(path, about(grantId, SESSION_REVOKED, e -> true));
        assertThat(pushes.size())
                .isGreaterThanOrEqualTo(3)
                .isEqualTo(delivered.path("attempts").asInt());
        // Every attempt is the same SET: one jti, which lets the receiver drop a repeat.
        assertThat(pushes.stream()
                        .map(push -> verified(push).path("jti").asText())
                        .distinct())
                .containsExactly(delivered.path("id").asText());
    }

    @Test
    void aSetTheReceiverRefusesIsDeadLetteredListedAndSentAgainOnRetry(Browser browser) {
        String grantId = approved(browser, Map.of());
        receiver.answer(400, "{\"err\":\"invalid_key\",\"description\":\"Key ID is not valid\"}");
        String id;
        try {
            revokeAsAdmin(grantId);

            JsonNode dead = signalOf(
                    grantId, SESSION_REVOKED, s -> s.path("status").asText().equals("DEAD_LETTERED"));
            id = dead.path("id").asText();
            assertThat(dead.path("attempts").asInt()).isEqualTo(1);
            assertThat(dead.path("last_status").asInt()).isEqualTo(400);
            assertThat(dead.path("last_error").asText())
                    .isEqualTo("the receiver refused the SET (HTTP 400: invalid_key — Key ID is not valid)");
            JsonNode listed = signals("?status=DEAD_LETTERED&receiver=" + fixture.audience);
            assertThat(listed.path("signals").findValuesAsText("id")).contains(id);
            assertThat(listed.path("counts").path("dead_lettered").asLong()).isPositive();
        } finally {
            receiver.accept();
        }

        JsonNode requeued = admin.post("/realms/" + REALM + "/agent-grant/signals/" + id + "/retry", Map.of())
                .expect(200)
                .json();
        assertThat(requeued.path("status").asText()).isIn("PENDING", "DELIVERED");
        JsonNode delivered = signalOf(
                grantId, SESSION_REVOKED, s -> s.path("status").asText().equals("DELIVERED"));
        assertThat(delivered.path("id").asText()).isEqualTo(id);
        assertThat(delivered.path("attempts").asInt()).isEqualTo(1);

        JsonNode retried = null;
        for (JsonNode event : admin.getJson(
                "/realms/" + REALM + "/admin-events?resourceTypes=CUSTOM&operationTypes=ACTION&max=1000")) {
            if (event.path("resourcePath").asText().equals("agent-grant/signals/" + id + "/retry")) {
                retried = event;
            }
        }
        assertThat(retried).as("the retry's admin event").isNotNull();
        assertThat(retried.path("details").path("grant_id").asText()).isEqualTo(grantId);

        Http.Response again = admin.post("/realms/" + REALM + "/agent-grant/signals/" + id + "/retry", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).isEqualTo("conflict");
    }

    @Test
    void aRegistrationThatCannotBeUsedDeadLettersTheSetWithTheReason(Browser browser) {
        String grantId = approved(browser, Map.of());
        register("http://receiver.example.com/events", authorization);
        try {
            revokeAsAdmin(grantId);

            JsonNode dead = signalOf(
                    grantId, SESSION_REVOKED, s -> s.path("status").asText().equals("DEAD_LETTERED"));
            assertThat(dead.path("attempts").asInt()).isZero();
            assertThat(dead.path("last_error").asText())
                    .contains("agent-grant.ssf.push-endpoint must use https")
                    .contains(fixture.audience);
        } finally {
            register(receiver.endpoint(path), authorization);
        }
    }

    @Test
    void deletingTheReceiverClientDeletesItsSets(Browser browser) {
        AgentGrantFixture other = AgentGrantFixture.create(keycloak, Map.of());
        admin.updateClient(
                REALM,
                other.audience,
                client -> client.withObjectProperty("attributes")
                        .put("agent-grant.ssf.push-endpoint", receiver.endpoint(path + "-gone")));
        String grantId = ApprovedGrants.approved(browser, other, person, Map.of());
        receiver.answer(503, "");
        try {
            admin.post("/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke", Map.of())
                    .expect(200);
            signalOf(grantId, SESSION_REVOKED, s -> s.path("attempts").asInt() >= 1);

            admin.delete("/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, other.audience))
                    .expect(204);

            assertThat(signals("?grant=" + grantId).path("signals")).isEmpty();
        } finally {
            receiver.accept();
        }
    }

    @Test
    void theAdminApiAnswersBadQueriesAndUnknownSetsAndChecksPermissions() {
        String base = "/realms/" + REALM + "/agent-grant/signals";
        assertThat(admin.get(base + "?status=dead").status()).isEqualTo(400);
        assertThat(admin.get(base + "?user=x").status()).isEqualTo(400);
        assertThat(admin.get(base + "?max=0").status()).isEqualTo(400);
        assertThat(admin.get(base + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(admin.get(base + "/" + "x".repeat(5000)).status()).isEqualTo(404);
        assertThat(admin.get(base + "/not-a-set").status()).isEqualTo(404);
        assertThat(admin.post(base + "/" + UUID.randomUUID() + "/retry", Map.of())
                        .status())
                .isEqualTo(404);

        String viewer = ApprovedGrants.person(admin, "ssf-viewer");
        RealmAdmins.grantManagementRoles(admin, REALM, ApprovedGrants.userId(admin, viewer), List.of("view-users"));
        String token = RealmAdmins.directGrantToken(admin, keycloak.http(), REALM, "ssf-viewer-", viewer, viewer);
        Http http = keycloak.http();
        assertThat(http.get("/admin" + base, "Authorization", "Bearer " + token).status())
                .isEqualTo(200);
        assertThat(http.post(
                                "/admin" + base + "/" + UUID.randomUUID() + "/retry",
                                "application/json",
                                "{}",
                                "Authorization",
                                "Bearer " + token)
                        .status())
                .isEqualTo(403);
        String other = ApprovedGrants.person(admin, "ssf-clients");
        RealmAdmins.grantManagementRoles(admin, REALM, ApprovedGrants.userId(admin, other), List.of("view-clients"));
        String clientsOnly = RealmAdmins.directGrantToken(admin, keycloak.http(), REALM, "ssf-clients-", other, other);
        assertThat(http.get("/admin" + base, "Authorization", "Bearer " + clientsOnly)
                        .status())
                .isEqualTo(403);
        assertThat(http.get("/admin" + base).status()).isEqualTo(401);
    }

    @Test
    void theServerInfoShowsTheOutboxAndTheDiscoveryDocumentTheRegistration() {
        JsonNode info = admin.getJson("/serverinfo")
                .path("providers")
                .path("agent-grant-signals")
                .path("providers")
                .path("default")
                .path("operationalInfo");
        assertThat(info.path("poll-interval").asText()).isEqualTo("1s");
        assertThat(info.path("retry").asText()).isEqualTo("1s doubling to 2s, at most 300 attempts within 86400s");
        for (String key : List.of(
                "outbox-pending",
                "outbox-delivered",
                "outbox-dead-lettered",
                "outbox-attempts",
                "node-attempts",
                "node-delivered",
                "node-failed",
                "node-dead-lettered")) {
            assertThat(info.path(key).asText()).as(key).matches("[0-9]+");
        }

        JsonNode push = keycloak.http()
                .get("/realms/" + REALM + "/agent-grant")
                .expect(200)
                .json()
                .path("security_event_push");
        assertThat(push.path("delivery_method").asText()).isEqualTo("urn:ietf:rfc:8935");
        assertThat(push.path("events_supported").findValuesAsText("")).isEmpty();
        assertThat(push.path("events_supported").toString()).contains(SESSION_REVOKED, TOKEN_CLAIMS_CHANGE);
        assertThat(push.path("signing_alg").asText()).isEqualTo("RS256");
        assertThat(push.path("jwks_uri").asText()).isEqualTo(fixture.issuer() + "/protocol/openid-connect/certs");
        assertThat(push.path("receiver_registration")
                        .path("push_endpoint_attribute")
                        .asText())
                .isEqualTo("agent-grant.ssf.push-endpoint");
        JWKSet keys = SetVerifier.realmKeys(keycloak.http(), REALM);
        assertThat(keys.getKeys()).isNotEmpty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
