package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Concurrently;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guarded transitions of approved grants on a real Keycloak: racing decisions and revocations leave exactly one
 * outcome, and grants end when their person can no longer stand behind them.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantTransitionsIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        ApprovalBrowserIT.ClientScopes.ensure(keycloak.admin());
        this.fixture = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
    }

    /** A person with a password, created for one test so that removing or disabling them touches nothing else. */
    private String person(String username) {
        return People.create(keycloak.admin(), REALM, Profile.named(username, "Temp", "Person"));
    }

    private String approvedGrant(Browser browser, String username) {
        JsonNode created = fixture.request(fixture.form(Map.of("login_hint", username)))
                .expect(201)
                .json();
        browser.open(created.path("verification_uri_complete").asText());
        if (browser.pageSource().contains("id=\"password\"")) {
            browser.fill("username", username).fill("password", username).click("#kc-login");
        }
        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");
        String grantId = created.path("grant_id").asText();
        assertThat(status(grantId)).isEqualTo("APPROVED");
        return grantId;
    }

    private String status(String grantId) {
        return fixture.status(grantId).expect(200).json().path("status").asText();
    }

    private List<String> auditActions(String grantId) {
        return keycloak.admin()
                .getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                .path("audit")
                .findValuesAsText("action");
    }

    /** 20 decisions posted at once from the person's browser session, half approve, half deny: one of them counts. */
    @Test
    void twentyRacingDecisionsLeaveExactlyOneOutcome(Browser browser) throws Exception {
        String username = "racer-" + UUID.randomUUID().toString().substring(0, 6);
        person(username);
        JsonNode created = fixture.request(fixture.form(Map.of("login_hint", username)))
                .expect(201)
                .json();
        String grantId = created.path("grant_id").asText();
        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", username).fill("password", username).click("#kc-login");
        browser.waitForText(fixture.workload);
        String action = (String) browser.script("return document.getElementById('agent-grant-consent-form').action;");
        String csrf = (String) browser.script("return document.querySelector('input[name=csrf]').value;");
        String lifetime = (String) browser.script("return document.querySelector('select[name=lifetime]').value;");
        String cookies =
                browser.cookies().stream().map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
        AtomicInteger next = new AtomicInteger();

        List<Http.Response> responses = Concurrently.run(20, () -> {
            String decision = next.getAndIncrement() % 2 == 0 ? "approve" : "deny";
            String body = "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&decision=" + decision
                    + "&scope=calendar.read&lifetime=" + lifetime;
            HttpRequest request = HttpRequest.newBuilder(URI.create(action))
                    .header("Cookie", cookies)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return new Http.Response("POST " + action, CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        });

        assertThat(responses)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isLessThan(500));
        String status = status(grantId);
        assertThat(status).isIn("APPROVED", "DENIED");
        List<String> decisions = auditActions(grantId).stream()
                .filter(a -> a.equals("approved") || a.equals("denied"))
                .toList();
        assertThat(decisions).containsExactly(status.equals("APPROVED") ? "approved" : "denied");
    }

    /** 20 revocations of one approved grant at once, by the agent: one transition, one audit record, no error. */
    @Test
    void twentyRacingRevocationsRevokeOnce(Browser browser) throws Exception {
        String username = "revoker-" + UUID.randomUUID().toString().substring(0, 6);
        person(username);
        String grantId = approvedGrant(browser, username);

        List<Http.Response> responses = Concurrently.run(20, () -> fixture.revoke(grantId));

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("status").asText()).isEqualTo("REVOKED");
        });
        assertThat(auditActions(grantId)).filteredOn("revoked"::equals).hasSize(1);
    }

    @Test
    void anAdminRevokesAnApprovedGrantAndAllGrantsOfAPerson(Browser browser) {
        String username = "admin-target-" + UUID.randomUUID().toString().substring(0, 6);
        String userId = person(username);
        String first = approvedGrant(browser, username);
        String second = approvedGrant(browser, username);
        AdminApi admin = keycloak.admin();

        admin.post("/realms/" + REALM + "/agent-grant/grants/" + first + "/revoke", Map.of())
                .expect(200);
        JsonNode bulk = admin.post("/realms/" + REALM + "/agent-grant/grants/revoke", Map.of("user", userId))
                .expect(200)
                .json();

        assertThat(status(first)).isEqualTo("REVOKED");
        assertThat(status(second)).isEqualTo("REVOKED");
        assertThat(bulk.path("revoked").asInt()).isEqualTo(1);
        admin.post("/realms/" + REALM + "/agent-grant/grants/" + first + "/revoke", Map.of())
                .expect(409);
    }

    @Test
    void disablingAPersonRevokesTheirGrants(Browser browser) {
        String username = "disabled-" + UUID.randomUUID().toString().substring(0, 6);
        String userId = person(username);
        String grantId = approvedGrant(browser, username);

        keycloak.admin()
                .put("/realms/" + REALM + "/users/" + userId, Map.of("enabled", false))
                .expect(204);

        assertThat(status(grantId)).isEqualTo("REVOKED");
        assertThat(keycloak.admin()
                        .getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                        .path("end_reason")
                        .asText())
                .isEqualTo("user_disabled");
    }

    @Test
    void resettingAPersonsPasswordRevokesTheirGrants(Browser browser) {
        String username = "reset-" + UUID.randomUUID().toString().substring(0, 6);
        String userId = person(username);
        String grantId = approvedGrant(browser, username);

        keycloak.admin()
                .put(
                        "/realms/" + REALM + "/users/" + userId + "/reset-password",
                        Map.of("type", "password", "value", "another-" + username, "temporary", false))
                .expect(204);

        assertThat(status(grantId)).isEqualTo("REVOKED");
    }

    @Test
    void removingAPersonRevokesTheirGrants(Browser browser) {
        String username = "removed-" + UUID.randomUUID().toString().substring(0, 6);
        String userId = person(username);
        String grantId = approvedGrant(browser, username);

        keycloak.admin().delete("/realms/" + REALM + "/users/" + userId).expect(204);

        assertThat(status(grantId)).isEqualTo("REVOKED");
        assertThat(auditActions(grantId)).containsExactly("requested", "approved", "revoked");
    }
}
