package dev.agentgrant.keycloak.console;

import static dev.agentgrant.keycloak.grant.AgentGrantFixture.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Accessibility;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BrowserLocale;
import dev.agentgrant.keycloak.testing.Http;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Agent Grant console in Chromium, signed in as realm admins of the test realm: an admin finds a person's grant
 * by username, reads its history, revokes it (and the agent's next exchange is refused), suspends and resumes the
 * agent, and signs out; an admin who may only view sees no edit controls and is refused by the API; an admin of
 * another realm sees nothing of this one. Every page works under the console's CSP (the browser reports no violation
 * and no error), passes the axe check, and is saved as screenshots at 1280×800 and 390×844.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String manager = "console-manager-" + suffix;
    private final String viewer = "console-viewer-" + suffix;
    private final String otherRealm = "console-other-" + suffix;
    private final String otherAdmin = "other-admin-" + suffix;
    private KeycloakServer keycloak;
    private AdminApi admin;
    private AgentGrantFixture agent;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        ApprovalBrowserIT.ClientScopes.ensure(admin);
        agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        realmAdmin(
                REALM, manager, List.of("view-users", "manage-users", "view-clients", "manage-clients", "view-realm"));
        realmAdmin(REALM, viewer, List.of("view-users"));
        admin.post("/realms", Map.of("realm", otherRealm, "enabled", true)).expect(201);
        realmAdmin(otherRealm, otherAdmin, List.of("realm-admin"));
    }

    @AfterAll
    void removeOtherRealm() {
        admin.delete("/realms/" + otherRealm);
    }

    @Test
    void anAdminFindsAGrantByUsernameReadsItsHistoryRevokesItAndSignsOut(Browser browser) {
        String person = ApprovedGrants.person(admin, "console-person");
        String grantId = ApprovedGrants.approved(browser, agent, person, Map.of());
        ExchangeCalls.exchange(agent.http(), agent, grantId).expect(200);
        browser.clearCookies();

        signIn(browser, REALM, manager);
        assertThat(browser.pageText()).contains("Signed in as " + manager);
        Http.Response page = browser.fetch(console(REALM));
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        checkPage(browser, "console-grants");

        // After a navigation focus is on the page's heading; from there Tab goes on into the filters. The skip link
        // (the page's first element) moves focus to the main region, from where Tab reaches the first filter.
        assertThat(browser.script("return document.activeElement.tagName")).isEqualTo("H1");
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.name")).isEqualTo("person");
        browser.script("document.querySelector('.pf-v5-c-skip-to-content').focus()");
        assertThat(activeText(browser)).isEqualTo("Skip to content");
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("ag-main");
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.name")).isEqualTo("person");

        findGrant(browser, person, grantId);
        browser.waitForText("Token minted");
        String history = browser.pageText();
        assertThat(history).contains("Requested by the agent", "Approved", "Token minted", agent.agent, person);
        JsonNode stored = admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId);
        String acr = stored.path("approval_authentication").path("acr").asText("");
        if (!acr.isEmpty()) {
            assertThat(history).contains("acr: " + acr);
        }
        checkPage(browser, "console-grant");

        // The confirmation is a dialog: focus moves in, Escape closes it and focus comes back.
        focus(browser, "#ag-revoke");
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        waitUntil(browser, "the revoke dialog", d -> dialogOpen(browser));
        assertThat(browser.script("return !!document.activeElement.closest('[role=dialog]')"))
                .isEqualTo(true);
        Screenshots.capture(browser, "console-revoke-dialog");
        Accessibility.assertNoSeriousViolations(browser, "revoke dialog");
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        waitUntil(browser, "the dialog to close", d -> !dialogOpen(browser));
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("ag-revoke");
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                        .path("status")
                        .asText())
                .isEqualTo("APPROVED");

        browser.click("#ag-revoke").click("[role=dialog] [data-confirm]");
        browser.waitForText("The grant is revoked.");
        assertThat(browser.pageText()).contains("Revoked");
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                        .path("status")
                        .asText())
                .isEqualTo("REVOKED");
        Http.Response refused = ExchangeCalls.exchange(agent.http(), agent, grantId);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");

        browser.click("#ag-suspend-agent").click("[role=dialog] [data-confirm]");
        browser.waitForText("Agent " + agent.agent + " is suspended.");
        assertThat(agentSuspended()).isEqualTo("true");
        browser.click("#ag-resume-agent");
        browser.waitForText("Agent " + agent.agent + " is resumed.");
        assertThat(agentSuspended()).isEqualTo("false");
        assertNoBrowserErrors(browser, "grant page");

        browser.open(console(REALM) + "#/" + REALM + "/provenance");
        browser.waitForText("Registered provenance");
        checkPage(browser, "console-provenance");

        browser.click("#ag-logout");
        browser.fill("username", manager);
        assertThat(browser.currentUrl()).contains("/realms/" + REALM + "/protocol/openid-connect/auth");
        assertThat(browser.cookie("KEYCLOAK_IDENTITY")).isEmpty();
        browser.open(console(REALM));
        browser.fill("username", manager);
        assertThat(browser.pageSource()).contains("id=\"password\"");
    }

    @Test
    void anAdminWhoMayOnlyViewSeesNoEditControlsAndTheApiRefusesThem(Browser browser) {
        String person = ApprovedGrants.person(admin, "console-viewed");
        String grantId = ApprovedGrants.approved(browser, agent, person, Map.of());
        browser.clearCookies();

        signIn(browser, REALM, viewer);
        findGrant(browser, person, grantId);
        browser.waitForText("Requested by the agent");
        assertThat(browser.driver().findElements(By.cssSelector("#ag-revoke, #ag-suspend-agent, #ag-resume-agent")))
                .isEmpty();
        browser.open(console(REALM) + "#/" + REALM + "/grants");
        browser.waitForText("Export as JSON");
        assertThat(browser.driver().findElements(By.id("ag-revoke-all"))).isEmpty();
        browser.open(console(REALM) + "#/" + REALM + "/provenance");
        browser.waitForText("view-realm");
        Screenshots.capture(browser, "console-provenance-no-access");
        assertNoBrowserErrors(browser, "viewer's pages");

        String token = passwordToken(REALM, viewer);
        Http.Response revoke = keycloak.http()
                .post(
                        "/admin/realms/" + REALM + "/agent-grant/grants/" + grantId + "/revoke",
                        "application/json",
                        "",
                        "Authorization",
                        "Bearer " + token);
        assertThat(revoke.status()).as(revoke.toString()).isEqualTo(403);
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId)
                        .path("status")
                        .asText())
                .isEqualTo("APPROVED");
        JsonNode access = keycloak.http()
                .get("/admin/realms/" + REALM + "/agent-grant/console-access", "Authorization", "Bearer " + token)
                .expect(200)
                .json();
        assertThat(access.path("view_grants").asBoolean()).isTrue();
        assertThat(access.path("manage_grants").asBoolean()).isFalse();
        assertThat(access.path("manage_agents").asBoolean()).isFalse();
    }

    @Test
    void anAdminOfAnotherRealmGetsNothingOfThisOne(Browser browser) {
        signIn(browser, otherRealm, otherAdmin);
        browser.waitForText("No grant matches these filters.");
        assertThat(browser.driver().findElements(By.cssSelector("#ag-realm option")))
                .extracting(option -> option.getAttribute("value"))
                .containsExactly(otherRealm);

        browser.open(console(otherRealm) + "#/" + REALM + "/grants");
        waitUntil(
                browser,
                "the console to go back to its own realm",
                d -> d.getCurrentUrl().endsWith("#/" + otherRealm + "/grants"));
        assertNoBrowserErrors(browser, "other realm's console");

        String token = passwordToken(otherRealm, otherAdmin);
        for (String path : List.of("/agent-grant/grants", "/agent-grant/console-access", "/users?search=tester")) {
            Http.Response answer =
                    keycloak.http().get("/admin/realms/" + REALM + path, "Authorization", "Bearer " + token);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        }
    }

    @Test
    void aMasterRealmAdminPicksTheRealmToWorkIn(Browser browser) {
        String username = System.getProperty("keycloak.admin.username", "admin");
        browser.open(console("master"));
        browser.fill("username", username)
                .fill("password", System.getProperty("keycloak.admin.password", "admin"))
                .click("#kc-login");
        browser.waitForUrlStartingWith(console("master") + "#/");
        browser.waitForText("Apply filters");
        assertThat(browser.driver().findElements(By.cssSelector("#ag-realm option")))
                .extracting(option -> option.getAttribute("value"))
                .contains("master", REALM, otherRealm);

        new Select(browser.driver().findElement(By.id("ag-realm"))).selectByValue(REALM);
        waitUntil(browser, "the test realm's grants", d -> d.getCurrentUrl().endsWith("#/" + REALM + "/grants"));
        browser.waitForText("Revoke all matching");
        assertNoBrowserErrors(browser, "master admin's console");
    }

    @Test
    void anAdminExportsTheFilteredListAndRevokesEveryActiveGrantInItAfterConfirmingTheCount(Browser browser) {
        String person = ApprovedGrants.person(admin, "console-bulk");
        String first = ApprovedGrants.approved(browser, agent, person, Map.of());
        String second = ApprovedGrants.approved(browser, agent, person, Map.of());
        String waiting = agent.request(agent.form(Map.of("login_hint", person)))
                .expect(201)
                .json()
                .path("grant_id")
                .asText();
        browser.clearCookies();
        signIn(browser, REALM, manager);
        browser.fill("person", person).clickButton("Apply filters");
        waitUntil(browser, "the filtered list", d -> d.getCurrentUrl().contains("user="));
        browser.waitForText("Pending");

        // The download is made in the page from a Blob; the test reads the Blob the page hands to the browser.
        browser.script("window.__exported = null; const original = URL.createObjectURL;"
                + " URL.createObjectURL = (blob) => { blob.text().then((text) => { window.__exported = text; });"
                + " return original(blob); };");
        browser.click("#ag-export");
        browser.waitForText("Exported 3 grants.");
        waitUntil(browser, "the exported file", d -> browser.script("return window.__exported") != null);
        String exported = String.valueOf(browser.script("return window.__exported"));
        assertThat(exported).contains(first, second, waiting, "\"realm\": \"" + REALM + "\"");

        browser.click("#ag-revoke-all");
        waitUntil(browser, "the confirmation", d -> dialogOpen(browser));
        assertThat(browser.driver().findElement(By.cssSelector("[role=dialog]")).getText())
                .contains("2 active grants match these filters", "Revoke 2 grants");
        browser.click("[role=dialog] [data-confirm]");
        browser.waitForText("Revoked 2 grants; 0 had already ended.");
        for (String id : List.of(first, second)) {
            assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + id)
                            .path("status")
                            .asText())
                    .isEqualTo("REVOKED");
        }
        assertThat(admin.getJson("/realms/" + REALM + "/agent-grant/grants/" + waiting)
                        .path("status")
                        .asText())
                .as("a waiting request is no active grant")
                .isEqualTo("PENDING");
        assertNoBrowserErrors(browser, "bulk revocation");
    }

    @Test
    void theGrantListPagesForwardAndBackByTheApisCursor(Browser browser) {
        AgentGrantFixture busy = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-pending-requests", "50"));
        List<String> requested = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            requested.add(busy.requestGrant().path("grant_id").asText());
        }
        browser.clearCookies();
        signIn(browser, REALM, manager);
        browser.fill("agent", busy.agent).clickButton("Apply filters");
        waitUntil(browser, "the first page", d -> listedGrants(browser).size() == 20);
        List<String> firstPage = listedGrants(browser);
        assertThat(browser.pageText()).contains("Page 1");
        assertThat(browser.driver()
                        .findElement(By.cssSelector(".ag-pager__previous"))
                        .isEnabled())
                .isFalse();

        browser.click(".ag-pager__next");
        waitUntil(browser, "the second page", d -> listedGrants(browser).size() == 3);
        assertThat(browser.currentUrl()).contains("cursor=").doesNotContain("first=");
        assertThat(browser.pageText()).contains("Page 2");
        assertThat(browser.driver()
                        .findElement(By.cssSelector(".ag-pager__next"))
                        .isEnabled())
                .as("no grant follows the last page")
                .isFalse();
        List<String> both = new ArrayList<>(firstPage);
        both.addAll(listedGrants(browser));
        // Two requests in one millisecond are ordered by id, so the order is checked by the API's, not by request.
        assertThat(both).as("each grant once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(requested);

        browser.click(".ag-pager__previous");
        waitUntil(browser, "the first page again", d -> listedGrants(browser).size() == 20);
        assertThat(listedGrants(browser)).isEqualTo(firstPage);
        assertThat(browser.currentUrl()).doesNotContain("cursor=");
        assertNoBrowserErrors(browser, "paged grant list");
    }

    /** The ids of the grants the list shows, in its order, from their links. */
    private static List<String> listedGrants(Browser browser) {
        try {
            return browser.driver().findElements(By.cssSelector("table a[href*='/grants/']")).stream()
                    .map(link -> link.getAttribute("href").replaceAll(".*/grants/", ""))
                    .toList();
        } catch (StaleElementReferenceException e) {
            return List.of(); // the list is being rendered again
        }
    }

    @Test
    void theConsoleSpeaksTheAdminsLanguage(@BrowserLocale("de") Browser browser) {
        admin.put(
                        "/realms/" + otherRealm,
                        Map.of("internationalizationEnabled", true, "supportedLocales", List.of("en", "de")))
                .expect(204);
        browser.open(console(otherRealm));
        browser.fill("username", otherAdmin).fill("password", otherAdmin).click("#kc-login");
        browser.waitForUrlStartingWith(console(otherRealm) + "#/" + otherRealm + "/grants");
        browser.waitForText("Filter anwenden");
        assertThat(browser.pageText()).contains("Freigaben", "Abmelden", "Keine Freigabe passt zu diesen Filtern.");
        assertThat(browser.pageSource()).contains("lang=\"de\"");
        Accessibility.assertNoSeriousViolations(browser, "German grants page");
        assertNoBrowserErrors(browser, "German grants page");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private String console(String realm) {
        return keycloak.realmUri(realm) + "/agent-grant/console/";
    }

    private void signIn(Browser browser, String realm, String username) {
        browser.open(console(realm));
        browser.fill("username", username).fill("password", username).click("#kc-login");
        browser.waitForUrlStartingWith(console(realm) + "#/" + realm + "/grants");
        browser.waitForText("Apply filters");
        assertThat(browser.currentUrl()).doesNotContain("code=", "state=");
    }

    /** Axe, the browser's console (no CSP violation, no error) and the two screenshots. */
    private void checkPage(Browser browser, String name) {
        Accessibility.assertNoSeriousViolations(browser, name);
        assertNoBrowserErrors(browser, name);
        Screenshots.capture(browser, name);
        Screenshots.resize(browser, new Screenshots.Size(1280, 1024));
    }

    private static void assertNoBrowserErrors(Browser browser, String name) {
        List<String> problems = new ArrayList<>();
        for (String entry : browser.browserLog()) {
            if (entry.contains("Content Security Policy")
                    || entry.contains("Refused to")
                    || entry.startsWith("SEVERE")) {
                if (!entry.contains("favicon.ico")) {
                    problems.add(entry);
                }
            }
        }
        assertThat(problems).as("browser console on the " + name).isEmpty();
    }

    /** Filters the list by the person's username and opens the grant from it. */
    private static void findGrant(Browser browser, String username, String grantId) {
        browser.fill("person", username).clickButton("Apply filters");
        waitUntil(browser, "the filtered list", d -> d.getCurrentUrl().contains("user="));
        By link = By.cssSelector("a[href$='/grants/" + grantId + "']");
        waitUntil(browser, "the grant's link", d -> {
            try {
                d.findElement(link).click();
                return true;
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return false; // the list is still being rendered
            }
        });
    }

    private static String activeText(Browser browser) {
        return String.valueOf(browser.script("return document.activeElement.textContent"));
    }

    private static void focus(Browser browser, String selector) {
        browser.click(selector);
        browser.script("document.querySelector(arguments[0]).focus()", selector);
        // The click opened the dialog: close it to start from the button, by keyboard.
        if (dialogOpen(browser)) {
            new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
            waitUntil(browser, "the dialog to close", d -> !dialogOpen(browser));
        }
    }

    private static boolean dialogOpen(Browser browser) {
        return !browser.driver().findElements(By.cssSelector("[role=dialog]")).isEmpty();
    }

    private static void waitUntil(Browser browser, String what, java.util.function.Function<WebDriver, Boolean> done) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .withMessage("waiting for " + what)
                .until(done::apply);
    }

    private String agentSuspended() {
        return admin.getJson("/realms/" + REALM + "/clients?clientId=" + agent.agent)
                .get(0)
                .path("attributes")
                .path("agent-grant.suspended")
                .asText();
    }

    /** A user of {@code realm} (password = username) with these roles of the realm's realm-management client. */
    private void realmAdmin(String realm, String username, List<String> roles) {
        String userId = People.create(admin, realm, Profile.named(username, "Console", "Admin"));
        RealmAdmins.grantManagementRoles(admin, realm, userId, roles);
    }

    /** A token of that admin from the realm's admin-cli: the same roles the console's token carries. */
    private String passwordToken(String realm, String username) {
        return RealmAdmins.passwordToken(keycloak.http(), realm, "admin-cli", username, username);
    }
}
