package dev.agentgrant.keycloak.console;

import static dev.agentgrant.keycloak.grant.AgentGrantFixture.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.signal.SetReceiver;
import dev.agentgrant.keycloak.testing.Accessibility;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import dev.agentgrant.keycloak.testing.RealmAdmins;
import dev.agentgrant.keycloak.testing.Screenshots;
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
import org.openqa.selenium.By;

/**
 * The console's Push delivery page in Chromium: a SET the receiver refused is listed as dead-lettered with the
 * receiver's reason, and an admin who may manage users sends it again from the page (it is then delivered); an admin who
 * may only view sees no retry button. The page works under the console's CSP and passes the axe check.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePushBrowserIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String manager = "push-manager-" + suffix;
    private final String viewer = "push-viewer-" + suffix;
    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture agent;
    private SetReceiver receiver;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        agent = AgentGrantFixture.create(keycloak, Map.of());
        receiver = SetReceiver.start();
        register(receiver.endpoint("console-" + suffix));
        realmAdmin(manager, List.of("view-users", "manage-users"));
        realmAdmin(viewer, List.of("view-users"));
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            register("");
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void register(String endpoint) {
        admin.updateClient(REALM, agent.audience, client -> {
            ObjectNode attributes = client.withObjectProperty("attributes");
            attributes.put("agent-grant.ssf.push-endpoint", endpoint);
        });
    }

    @Test
    void anAdminSeesADeadLetterWithItsReasonAndSendsItAgain(Browser browser) {
        String id = deadLetter(browser);
        receiver.accept();

        signIn(browser, manager);
        browser.open(console() + "#/" + REALM + "/push?receiver=" + agent.audience);
        browser.waitForText("invalid_audience");
        String page = browser.pageText();
        assertThat(page).contains("Push delivery", "Dead-lettered", "session-revoked", agent.audience, "not for us");
        Accessibility.assertNoSeriousViolations(browser, "push delivery page");
        assertNoBrowserErrors(browser);
        Screenshots.capture(browser, "console-push");
        Screenshots.resize(browser, new Screenshots.Size(1280, 1024));

        browser.click("button[data-signal='" + id + "']");
        browser.waitForText("is being sent again");
        awaitStatus(id, "DELIVERED");
        assertNoBrowserErrors(browser);
    }

    @Test
    void anAdminWhoMayOnlyViewSeesNoRetryButton(Browser browser) {
        deadLetter(browser);

        signIn(browser, viewer);
        browser.open(console() + "#/" + REALM + "/push?receiver=" + agent.audience);
        browser.waitForText("invalid_audience");
        assertThat(browser.driver().findElements(By.cssSelector(".ag-push-retry")))
                .isEmpty();
    }

    /** A grant approved in the browser and revoked while the receiver refuses SETs; answers the dead letter's id. */
    private String deadLetter(Browser browser) {
        String person = ApprovedGrants.person(admin, "push-person");
        String grantId = ApprovedGrants.approved(browser, agent, person, Map.of());
        browser.clearCookies();
        receiver.answer(400, "{\"err\":\"invalid_audience\",\"description\":\"not for us\"}");
        admin.post("/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke", Map.of())
                .expect(200);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode signal : admin.getJson("/realms/" + REALM + "/agent-grant/signals?grant=" + grantId)
                    .path("signals")) {
                if (signal.path("status").asText().equals("DEAD_LETTERED")) {
                    return signal.path("id").asText();
                }
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("no dead letter for grant " + grantId);
    }

    private void awaitStatus(String id, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = admin.getJson("/realms/" + REALM + "/agent-grant/signals/" + id)
                    .path("status")
                    .asText();
            if (last.equals(status)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("SET " + id + " is " + last + ", not " + status);
    }

    private String console() {
        return keycloak.realmUri(REALM) + "/agent-grant/console/";
    }

    private void signIn(Browser browser, String username) {
        browser.open(console());
        browser.fill("username", username).fill("password", username).click("#kc-login");
        browser.waitForUrlStartingWith(console() + "#/" + REALM + "/grants");
        browser.waitForText("Apply filters");
    }

    private static void assertNoBrowserErrors(Browser browser) {
        List<String> problems = new ArrayList<>();
        for (String entry : browser.browserLog()) {
            if ((entry.contains("Content Security Policy")
                            || entry.contains("Refused to")
                            || entry.startsWith("SEVERE"))
                    && !entry.contains("favicon.ico")) {
                problems.add(entry);
            }
        }
        assertThat(problems).as("browser console on the push delivery page").isEmpty();
    }

    private void realmAdmin(String username, List<String> roles) {
        String userId = People.create(admin, REALM, Profile.named(username, "Push", "Admin"));
        RealmAdmins.grantManagementRoles(admin, REALM, userId, roles);
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
