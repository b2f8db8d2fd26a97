package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Accessibility;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BrowserLocale;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.Screenshots;
import dev.agentgrant.keycloak.testing.Totp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;

/**
 * The pages a person sees, looked at as a person does, in a real Chromium: what the consent page's first screen shows
 * on a desktop and on a phone, the step-up's reason, consent texts and local times on the result page and My grants,
 * no serious accessibility violation on any page, and screenshots of each in target/screenshots.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonPagesBrowserIT {

    private static final String REALM = AgentGrantFixture.REALM;
    private static final byte[] ALICE_TOTP_SECRET = "alice-totp-secret-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CAROL_TOTP_SECRET = "carol-totp-secret-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final String PURPOSE = "Move tomorrow's 9:00 meeting with Dana to Friday";

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        ApprovalBrowserIT.ClientScopes.ensure(keycloak.admin());
        markSensitive(keycloak.admin(), "mail.send");
        this.fixture = AgentGrantFixture.create(keycloak, Map.of("agent-grant.owners", "bob"));
    }

    /** Sets the client scope attribute that marks a scope sensitive (README.md, "Approvals"). */
    private static void markSensitive(AdminApi admin, String scopeName) {
        for (JsonNode scope : admin.getJson("/realms/" + REALM + "/client-scopes")) {
            if (scopeName.equals(scope.path("name").asText())) {
                ObjectNode changed = scope.deepCopy();
                changed.withObject("attributes").put(ScopeTexts.SENSITIVE_ATTRIBUTE, "true");
                admin.put(
                                "/realms/" + REALM + "/client-scopes/"
                                        + scope.path("id").asText(),
                                changed)
                        .expect(204);
            }
        }
    }

    private JsonNode request(Map<String, String> changes) {
        return fixture.request(fixture.form(changes)).expect(201).json();
    }

    @Test
    void theConsentPagesFirstScreenAnswersWhoWhatWhereAndHowLongAndHoldsTheDecision(Browser browser) {
        JsonNode created = request(Map.of("login_hint", "alice", "scope", "calendar.read mail.send", "max_uses", "3"));
        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", "alice").fill("password", "alice").click("#kc-login");
        browser.fill("otp", Totp.unused(ALICE_TOTP_SECRET)).click("#kc-login");
        browser.waitForText(fixture.agent);

        for (Screenshots.Size size : Screenshots.PERSON_SIZES) {
            Screenshots.resize(browser, size);
            for (String inFirstScreen : List.of(
                    "#agent-grant-agent-name",
                    "#agent-grant-owners",
                    "#agent-grant-purpose",
                    "#agent-grant-purpose-unverified",
                    "#agent-grant-audience",
                    "#agent-grant-scopes",
                    "#agent-grant-lifetime",
                    "#agent-grant-max-uses",
                    "#agent-grant-signed-in-as",
                    "#agent-grant-approve",
                    "#agent-grant-deny")) {
                Screenshots.assertInFirstViewport(browser, inFirstScreen);
            }
            Screenshots.assertNoHorizontalOverflow(browser);
        }
        assertThat(text(browser, "#agent-grant-owners")).contains("bob");
        assertThat(text(browser, "#agent-grant-purpose")).isEqualTo(PURPOSE);
        assertThat(text(browser, "#agent-grant-purpose-unverified"))
                .isEqualTo("In the agent's own words, not verified");
        assertThat(text(browser, "#agent-grant-audience")).isEqualTo("Calendar API " + fixture.suffix);
        assertThat(text(browser, "#agent-grant-scopes"))
                .contains("Read your calendar", "Send email as you", "Sensitive");
        assertThat(browser.driver().findElements(By.cssSelector("#agent-grant-scopes .agent-grant-sensitive")))
                .as("one sensitive marker, on mail.send")
                .hasSize(1)
                .allSatisfy(
                        marker -> assertThat(marker.getDomAttribute("id")).isEqualTo("agent-grant-scope-1-sensitive"));
        assertThat(text(browser, "#agent-grant-max-uses")).isEqualTo("up to 3 uses");
        assertThat(text(browser, "#agent-grant-attestation-summary")).isEqualTo("Workload " + fixture.workload + ".");
        // The full list of facts is behind a disclosure.
        assertThat(browser.driver().findElement(By.id("agent-grant-facts")).isDisplayed())
                .isFalse();
        browser.click("#agent-grant-facts-details summary");
        assertThat(text(browser, "#agent-grant-facts")).contains(fixture.source + ".spiffe_id", fixture.workload);
        // Who is signed in is said in words; Keycloak's read-only field for it is not shown.
        assertThat(browser.driver().findElement(By.id("kc-attempted-username")).isDisplayed())
                .isFalse();
        assertThat(text(browser, "#agent-grant-signed-in-as")).isEqualTo("You are signed in as alice");
        assertThat(browser.driver().findElements(By.id("agent-grant-delegates")))
                .as("an agent that names no sub-agent offers none")
                .isEmpty();

        Screenshots.capture(browser, "consent");
        Accessibility.assertNoSeriousViolations(browser, "consent page");

        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");
        assertThat(text(browser, "#agent-grant-result-scopes")).contains("Read your calendar", "Send email as you");
        // The page's script rewrote the time in the browser's zone (UTC here) and named the zone it used.
        assertThat(browser.driver()
                        .findElement(By.cssSelector("#agent-grant-result-expires time"))
                        .getDomAttribute("title"))
                .isIn("UTC", "Etc/UTC");
        Screenshots.capture(browser, "result");
        Accessibility.assertNoSeriousViolations(browser, "result page");

        browser.open(fixture.issuer() + "/agent-grant/my-grants");
        browser.waitForText(PURPOSE);
        assertThat(browser.pageText()).contains("Read your calendar", "Send email as you");
        Screenshots.capture(browser, "my-grants");
        Screenshots.assertNoHorizontalOverflow(browser);
        Accessibility.assertNoSeriousViolations(browser, "my grants");
    }

    @Test
    void timesOnMyGrantsAreInTheBrowsersTimeZoneAndNameItAndSayUtcWithoutScript(Browser browser) {
        JsonNode created = request(Map.of("login_hint", "tester"));
        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", "tester").fill("password", "tester").click("#kc-login");
        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");

        ((HasCdp) browser.driver())
                .executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
        String myGrants = fixture.issuer() + "/agent-grant/my-grants";
        browser.open(myGrants);
        browser.waitForText(PURPOSE);
        List<WebElement> times = browser.driver().findElements(By.cssSelector("time[datetime]"));
        assertThat(times).isNotEmpty();
        for (WebElement time : times) {
            Instant instant = Instant.parse(time.getDomAttribute("datetime"));
            ZonedDateTime local = instant.atZone(ZoneId.of("Asia/Kolkata"));
            assertThat(time.getText())
                    .as("a time shown in India, where it is %s", local)
                    .contains("GMT+5:30", String.format(":%02d", local.getMinute()), Integer.toString(local.getYear()))
                    .doesNotContain("UTC");
            // Chromium names the zone by its older canonical id.
            assertThat(time.getDomAttribute("title")).isIn("Asia/Kolkata", "Asia/Calcutta");
        }

        // What the server sends, and a browser without script shows: the same instants in UTC, saying so.
        String served = browser.fetch(myGrants).body();
        assertThat(served).containsPattern("<time datetime=\"[0-9T:Z-]+\"><bdi>[^<]* UTC</bdi></time>");
        assertThat(served)
                .contains("/js/agent-grant-time.js\" defer></script>")
                .doesNotContainPattern("<script>[^<]*Intl");
    }

    @Test
    void theStepUpSaysWhyAndTheApprovalRecordsTheAcrItReached(Browser browser) {
        JsonNode plain = request(Map.of("login_hint", "carol", "scope", "calendar.read"));
        ApprovalBrowserIT.StepUp.requireOtpFor(keycloak.admin(), "mail.send");
        try {
            browser.open(plain.path("verification_uri_complete").asText());
            browser.fill("username", "carol").fill("password", "carol").click("#kc-login");
            browser.fill("otp", Totp.unused(CAROL_TOTP_SECRET)).click("#kc-login");
            browser.click("#agent-grant-approve");
            ApprovalBrowserIT.waitForResult(browser, "approved");

            // Within the SSO session, the sensitive task asks for the one-time code, and says why.
            JsonNode sensitive = request(Map.of("login_hint", "carol", "scope", "calendar.read mail.send"));
            browser.open(sensitive.path("verification_uri_complete").asText());
            browser.waitForText("This task includes Send email as you. Confirm it with your one-time code.");
            Screenshots.capture(browser, "step-up");
            // Keycloak's own one-time code page: its layout's read-only username field has no label of its own
            // (the extension's pages hide that field). Anything else on it fails.
            Accessibility.assertNoSeriousViolations(browser, "step-up", Set.of("label #kc-attempted-username"));
            browser.fill("otp", Totp.unused(CAROL_TOTP_SECRET)).click("#kc-login");
            browser.click("#agent-grant-approve");
            ApprovalBrowserIT.waitForResult(browser, "approved");

            JsonNode grant = keycloak.admin()
                    .getJson("/realms/" + REALM + "/agent-grant/grants/"
                            + sensitive.path("grant_id").asText());
            JsonNode approved = approvalRecord(grant);
            assertThat(approved.path("details").path("acr").asText())
                    .as("a one-time code checked now is an authentication of now, not the SSO session's 0")
                    .isEqualTo("1");
            assertThat(approved.path("details").path("auth_methods").asText()).contains("otp", "sso");
            assertThat(grant.findValue("approval_authentication").path("acr").asText())
                    .isEqualTo("1");

            // Reusing the SSO session alone still says so.
            JsonNode again = request(Map.of("login_hint", "carol", "scope", "calendar.read"));
            browser.open(again.path("verification_uri_complete").asText());
            browser.click("#agent-grant-approve");
            ApprovalBrowserIT.waitForResult(browser, "approved");
            assertThat(approvalRecord(keycloak.admin()
                                    .getJson("/realms/" + REALM + "/agent-grant/grants/"
                                            + again.path("grant_id").asText()))
                            .path("details")
                            .path("acr")
                            .asText())
                    .isEqualTo("0");
        } finally {
            ApprovalBrowserIT.StepUp.disable(keycloak.admin());
        }
    }

    private static JsonNode approvalRecord(JsonNode grant) {
        for (JsonNode record : grant.path("audit")) {
            if (record.path("details").has("acr")) {
                return record;
            }
        }
        throw new AssertionError("no audit record with the approval's acr: " + grant.path("audit"));
    }

    @Test
    void theCodeEntryAndWrongUserPagesPassTheChecksToo(Browser browser) {
        browser.open(fixture.issuer() + "/agent-grant/verify");
        browser.waitForText("Enter it here");
        Screenshots.capture(browser, "verify");
        Accessibility.assertNoSeriousViolations(browser, "code entry");

        JsonNode created = request(Map.of("login_hint", "bob"));
        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", "tester").fill("password", "tester").click("#kc-login");
        browser.waitForText("This request is for another account");
        Screenshots.capture(browser, "wrong-user");
        Screenshots.assertNoHorizontalOverflow(browser);
        Accessibility.assertNoSeriousViolations(browser, "wrong user");
    }

    @Test
    void theConsentPageSpeaksGerman(@BrowserLocale("de") Browser browser) {
        ApprovalBrowserIT.RealmLanguages.enable(keycloak.admin(), "en", "de");
        JsonNode created = request(Map.of("login_hint", "tester", "scope", "calendar.read mail.send"));
        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", "tester").fill("password", "tester").click("#kc-login");
        browser.waitForText(fixture.agent);

        assertThat(text(browser, "#agent-grant-purpose-unverified")).isEqualTo("Aussage des Agenten, ungeprüft");
        assertThat(text(browser, "#agent-grant-scopes")).contains("Sensibel");
        assertThat(text(browser, "#agent-grant-attestation-summary")).isEqualTo("Workload " + fixture.workload + ".");
        assertThat(text(browser, "#agent-grant-approve")).isEqualTo("Genehmigen");
        Screenshots.resize(browser, Screenshots.PHONE);
        Screenshots.assertNoHorizontalOverflow(browser);
        Screenshots.assertInFirstViewport(browser, "#agent-grant-approve");
        Screenshots.capture(browser, "consent-de");
        Accessibility.assertNoSeriousViolations(browser, "consent page, German");
    }

    private static String text(Browser browser, String cssSelector) {
        return browser.driver()
                .findElement(By.cssSelector(cssSelector))
                .getText()
                .strip();
    }
}
