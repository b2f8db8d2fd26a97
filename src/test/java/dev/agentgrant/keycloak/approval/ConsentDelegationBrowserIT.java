package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Accessibility;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BrowserLocale;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import dev.agentgrant.keycloak.testing.RealmAdmins;
import dev.agentgrant.keycloak.testing.Screenshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sub-agents on the person's pages, in a real Chromium (README.md, "Approvals"): an agent whose profile names two
 * sub-agents — and two names that are no agent — shows the two, ticked, on the consent page right under the decision
 * (the first screen keeps the rules of {@link PersonPagesBrowserIT}); the person unticks one and approves, and the grant, the result page, My
 * grants and the console's grant page name only the other. A form carrying a sub-agent the page did not offer is
 * refused and changes nothing.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentDelegationBrowserIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final String PURPOSE = "Move tomorrow's 9:00 meeting with Dana to Friday";

    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture fixture;
    private String calendarHelper;
    private String mailHelper;
    private String gone;
    private String plainClient;
    private String consoleAdmin;
    private final List<String> made = new ArrayList<>();

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        calendarHelper = subAgent("calendar-helper-" + suffix, "Calendar helper " + suffix);
        mailHelper = subAgent("mail-helper-" + suffix, "Mail helper " + suffix);
        gone = "gone-helper-" + suffix;
        plainClient = "plain-client-" + suffix;
        admin.post("/realms/" + REALM + "/clients", Map.of("clientId", plainClient, "publicClient", false))
                .expect(201);
        made.add(plainClient);
        // Written through Keycloak's own client API, which does not check the names as the agents API does: a client
        // that is no agent and one that does not exist are among them, and are never offered.
        fixture = AgentGrantFixture.create(
                keycloak,
                Map.of(
                        "agent-grant.owners",
                        "bob",
                        "agent-grant.delegates",
                        String.join(" ", calendarHelper, plainClient, mailHelper, gone)));
        consoleAdmin = "delegation-admin-" + suffix;
        String adminId = People.create(admin, REALM, Profile.named(consoleAdmin, "Delegation", "Admin"));
        RealmAdmins.grantManagementRoles(admin, REALM, adminId, List.of("view-users", "view-clients"));
    }

    /** An agent client made through the agents API, with a display name; deleted when the class ends. */
    private String subAgent(String clientId, String name) {
        admin.post(
                        "/realms/" + REALM + "/agent-grant/agents",
                        Map.of(
                                "client_id",
                                clientId,
                                "new_client",
                                true,
                                "name",
                                name,
                                "attributes",
                                Map.of("agent-grant.allowed-scopes", "calendar.read")))
                .expect(201);
        made.add(clientId);
        return clientId;
    }

    @AfterAll
    void removeSubAgents() {
        for (String clientId : made) {
            admin.delete("/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, clientId));
        }
        admin.delete("/realms/" + REALM + "/users/" + admin.userId(REALM, consoleAdmin));
    }

    private JsonNode request() {
        return fixture.request(fixture.form(Map.of("login_hint", "tester", "scope", "calendar.read mail.send")))
                .expect(201)
                .json();
    }

    private void openConsent(Browser browser, JsonNode created) {
        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", "tester").fill("password", "tester").click("#kc-login");
        browser.waitForText(fixture.agent);
    }

    @Test
    void thePersonUnticksOneOfTwoSubAgentsAndTheGrantNamesOnlyTheOther(Browser browser, Browser console) {
        JsonNode created = request();
        String grantId = created.path("grant_id").asText();
        openConsent(browser, created);

        List<WebElement> boxes = browser.driver().findElements(By.cssSelector("#agent-grant-delegates input"));
        assertThat(boxes)
                .as("the two agents, in the profile's order; the audience and the missing client are not offered")
                .extracting(box -> box.getDomAttribute("value"))
                .containsExactly(calendarHelper, mailHelper);
        assertThat(boxes).allSatisfy(box -> {
            assertThat(box.isSelected()).as("ticked by default").isTrue();
            assertThat(box.getDomAttribute("name")).isEqualTo("delegate");
            assertThat(box.getDomAttribute("type")).isEqualTo("checkbox");
        });
        assertThat(text(browser, "#agent-grant-delegates-legend")).isEqualTo("May hand this task to");
        assertThat(text(browser, "label[for=agent-grant-delegate-0]"))
                .startsWith("Calendar helper ")
                .contains(calendarHelper);
        assertThat(text(browser, "label[for=agent-grant-delegate-1]")).startsWith("Mail helper ");
        assertThat(text(browser, "#agent-grant-delegates-help"))
                .isEqualTo("A sub-agent proves its own identity before each token and gets at most this task's"
                        + " permissions.");

        for (Screenshots.Size size : Screenshots.PERSON_SIZES) {
            Screenshots.resize(browser, size);
            for (String inFirstScreen : List.of(
                    "#agent-grant-agent-name",
                    "#agent-grant-purpose",
                    "#agent-grant-scopes",
                    "#agent-grant-lifetime",
                    "#agent-grant-approve",
                    "#agent-grant-deny")) {
                Screenshots.assertInFirstViewport(browser, inFirstScreen);
            }
            Screenshots.assertNoHorizontalOverflow(browser);
        }
        Screenshots.capture(browser, "consent-delegates");
        Screenshots.resize(browser, Screenshots.DESKTOP);
        browser.script("document.getElementById('agent-grant-delegates').scrollIntoView({block: 'center'});");
        Screenshots.capture(browser, "consent-delegates-section", Screenshots.DESKTOP);
        Accessibility.assertNoSeriousViolations(browser, "consent page with sub-agents");

        browser.click("label[for=agent-grant-delegate-1]");
        assertThat(browser.driver().findElement(By.id("agent-grant-delegate-1")).isSelected())
                .isFalse();
        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");
        assertThat(text(browser, "#agent-grant-result-delegates"))
                .startsWith("Calendar helper ")
                .doesNotContain("Mail helper");
        Screenshots.capture(browser, "result-delegates");
        Accessibility.assertNoSeriousViolations(browser, "result page with sub-agents");

        JsonNode grant = admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId);
        assertThat(grant.path("status").asText()).isEqualTo("APPROVED");
        assertThat(texts(grant.path("delegates"))).containsExactly(calendarHelper);
        assertThat(approvalRecord(grant).path("details").path("delegates").asText())
                .isEqualTo(calendarHelper);

        browser.open(fixture.issuer() + "/agent-grant/my-grants");
        browser.waitForText(PURPOSE);
        assertThat(browser.pageText())
                .contains("May be handed to", "Calendar helper ")
                .doesNotContain("Mail helper");
        Accessibility.assertNoSeriousViolations(browser, "my grants with sub-agents");

        console.open(fixture.issuer() + "/agent-grant/console/");
        console.fill("username", consoleAdmin).fill("password", consoleAdmin).click("#kc-login");
        console.waitForText("Apply filters");
        console.script("window.location.hash = arguments[0];", "#/" + REALM + "/grants/" + grantId);
        new WebDriverWait(console.driver(), Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("main"), "May be handed to (sub-agents)"));
        assertThat(console.pageText()).contains(calendarHelper).doesNotContain(mailHelper);
    }

    @Test
    void aFormCarryingASubAgentThePageDidNotOfferIsRefusedAndChangesNothing(Browser browser) {
        JsonNode created = request();
        String grantId = created.path("grant_id").asText();
        openConsent(browser, created);

        // Named in the profile but no agent, never a client, and the agent itself: none of them is offered.
        for (String notOffered : List.of(plainClient, gone, fixture.agent)) {
            WebElement shown = browser.driver().findElement(By.id("agent-grant-consent-form"));
            browser.script("document.querySelector('#agent-grant-delegate-0').value = arguments[0];", notOffered);
            browser.click("#agent-grant-approve");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(shown));
            browser.waitForText("Nothing was approved: the form was changed or has expired.");
            assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                            .path("status")
                            .asText())
                    .as(notOffered)
                    .isEqualTo("PENDING");
        }

        // The page came back with both offered again, ticked; approving as it stands allows both.
        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");
        JsonNode grant = admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId);
        assertThat(texts(grant.path("delegates"))).containsExactly(calendarHelper, mailHelper);
        List<String> refusals = new ArrayList<>();
        grant.path("audit").forEach(record -> {
            if (record.path("action").asText().equals("consent_refused")) {
                refusals.add(record.path("details").path("reason").asText());
            }
        });
        assertThat(refusals).containsExactly("delegate_not_offered", "delegate_not_offered", "delegate_not_offered");
    }

    @Test
    void theSubAgentsSpeakGermanAndFitAPhone(@BrowserLocale("de") Browser browser) {
        ApprovalBrowserIT.RealmLanguages.enable(admin, "en", "de");
        openConsent(browser, request());

        assertThat(text(browser, "#agent-grant-delegates-legend")).isEqualTo("Darf diese Aufgabe weitergeben an");
        Screenshots.resize(browser, Screenshots.PHONE);
        Screenshots.assertNoHorizontalOverflow(browser);
        Screenshots.assertInFirstViewport(browser, "#agent-grant-deny");
        Screenshots.assertInFirstViewport(browser, "#agent-grant-approve");
        Screenshots.capture(browser, "consent-delegates-de");
        Accessibility.assertNoSeriousViolations(browser, "consent page with sub-agents, German");
    }

    private static JsonNode approvalRecord(JsonNode grant) {
        for (JsonNode record : grant.path("audit")) {
            if (record.path("action").asText().equals("approved")) {
                return record;
            }
        }
        throw new AssertionError("no approval in the audit trail: " + grant.path("audit"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    private static String text(Browser browser, String cssSelector) {
        return browser.driver()
                .findElement(By.cssSelector(cssSelector))
                .getText()
                .strip();
    }
}
