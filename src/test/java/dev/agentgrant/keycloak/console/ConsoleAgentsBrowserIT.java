package dev.agentgrant.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.AttestationFixture;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's agents and attestation pages in a real Chromium (docs/console.md, "Agents" and "Attestation"): a realm
 * admin creates an agent, sees every problem of a bad profile at once next to its field, fixes and saves it with the
 * keyboard, suspends and resumes it, adds a SPIFFE source and sees its trust material, and tests a presentation rule
 * by rule; an admin who may only view sees no controls, and the API refuses the change anyway. Every page passes
 * axe (no serious or critical violation) and is saved at 1280×800 and 390×844 in target/screenshots.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAgentsBrowserIT {

    private static final String REALM = "agent-grant-it";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADMIN = "console-admin-" + SUFFIX;
    private static final String VIEWER = "console-viewer-" + SUFFIX;
    private static final String AGENT = "console-agent-" + SUFFIX;
    private static final String VIEWED_AGENT = "console-viewed-" + SUFFIX;
    private static final String SOURCE = "console-spire-" + SUFFIX;
    private static final String POLICY = "console-policy-" + SUFFIX;
    private static final String CLIENTS_ONLY = "console-clients-" + SUFFIX;
    private static final String WORKLOAD = "spiffe://example.org/agents/console";
    private static final String PASSWORD = "Console-" + SUFFIX;

    private final AttestationFixture fixture = new AttestationFixture();
    private KeycloakServer keycloak;
    private AdminApi admin;

    @BeforeAll
    void users(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.admin = keycloak.admin();
        createUser(ADMIN, List.of("realm-admin"));
        createUser(VIEWER, List.of("view-clients", "view-realm", "view-users"));
        createUser(CLIENTS_ONLY, List.of("view-clients"));
        admin.post(
                        "/realms/" + REALM + "/agent-grant/agents",
                        Map.of(
                                "client_id",
                                VIEWED_AGENT,
                                "new_client",
                                true,
                                "attributes",
                                Map.of("agent-grant.owners", "alice", "agent-grant.allowed-audiences", "it-api")))
                .expect(201);
    }

    private void createUser(String username, List<String> roles) {
        String userId = People.create(
                admin,
                REALM,
                Profile.named(username, "Console", "Admin")
                        .withEmail(username + "@example.org")
                        .withPassword(PASSWORD));
        RealmAdmins.grantManagementRoles(admin, REALM, userId, roles);
    }

    @Test
    void anAdminManagesAnAgentAndAnAttestationSourceAndTestsAPresentation(Browser browser) {
        signIn(browser, ADMIN);

        // Searched for: other test classes sharing the realm make agents that sort before it and fill the first page.
        go(browser, "agents?search=" + VIEWED_AGENT);
        heading(browser, "Agents");
        element(browser, "main table a[href='#/" + REALM + "/agents/" + VIEWED_AGENT + "']");
        checkPage(browser, "console-agents");

        element(browser, "#ag-new-agent").click();
        heading(browser, "New agent");
        browser.fill("client_id", AGENT)
                .fill("agent-grant.owners", "alice")
                .fill("agent-grant.allowed-audiences", "account")
                .fill("agent-grant.allowed-scopes", "openid")
                .fill("agent-grant.max-grant-lifetime", "10")
                .fill("agent-grant.max-uses", "0");
        element(browser, "#ag-create-agent").click();

        WebElement summary = element(browser, ".ag-problems [role=alert]");
        List<String> refused = summary.findElements(By.cssSelector("li[data-attribute]")).stream()
                .map(item -> item.getDomAttribute("data-attribute"))
                .toList();
        assertThat(refused)
                .as("every problem at once")
                .contains(
                        "agent-grant.allowed-audiences",
                        "agent-grant.allowed-scopes",
                        "agent-grant.max-grant-lifetime",
                        "agent-grant.max-uses");
        for (String attribute : List.of(
                "agent-grant.allowed-audiences",
                "agent-grant.allowed-scopes",
                "agent-grant.max-grant-lifetime",
                "agent-grant.max-uses")) {
            assertFieldShowsItsProblem(browser, attribute);
        }
        assertThat(browser.script("return document.activeElement.classList.contains('ag-problems');"))
                .as("focus moves to the list of problems")
                .isEqualTo(true);
        assertThat(admin.get("/realms/" + REALM + "/clients?clientId=" + AGENT)
                        .expect(200)
                        .json())
                .as("nothing was created")
                .isEmpty();
        checkPage(browser, "console-new-agent-problems");

        browser.fill("agent-grant.allowed-audiences", "it-api")
                .fill("agent-grant.allowed-scopes", "tickets:read")
                .fill("agent-grant.max-grant-lifetime", "600")
                .fill("agent-grant.max-uses", "5");
        // Saved from the keyboard: Enter in a field submits the form.
        browser.driver().findElement(By.name("agent-grant.max-uses")).sendKeys(Keys.ENTER);

        heading(browser, AGENT);
        browser.waitForText("Agent " + AGENT + " created.");
        JsonNode created = agent(AGENT);
        assertThat(created.path("attributes").path("agent-grant.allowed-scopes").asText())
                .isEqualTo("tickets:read");
        assertThat(created.path("attributes").path("agent-grant.max-uses").asText())
                .isEqualTo("5");
        assertThat(created.path("problems")).isEmpty();
        assertThat(element(browser, "#ag-agent-grants").getDomAttribute("href"))
                .isEqualTo("#/" + REALM + "/grants?agent=" + AGENT);
        checkPage(browser, "console-agent");

        element(browser, "#ag-suspend").click();
        element(browser, "[role=dialog] [data-confirm]").click();
        element(browser, "#ag-resume");
        assertThat(agent(AGENT).path("suspended").asBoolean()).isTrue();
        element(browser, "#ag-resume").click();
        element(browser, "#ag-suspend");
        assertThat(agent(AGENT).path("suspended").asBoolean()).isFalse();

        go(browser, "agents");
        browser.fill("search", AGENT);
        element(browser, "#ag-agents-apply").click();
        element(browser, "a[href='#/" + REALM + "/agents/" + AGENT + "']");

        go(browser, "attestation");
        heading(browser, "Attestation");
        element(browser, "#ag-new-source").click();
        element(browser, "a[data-type=spiffe-jwt-svid]").click();
        element(browser, "#ag-save-component");
        browser.fill("name", SOURCE).fill("trust-domain", "example.org");
        element(browser, "#ag-save-component").click();
        element(browser, ".ag-problems [role=alert]");
        assertFieldShowsItsProblem(browser, "trust");
        checkPage(browser, "console-source");

        setValue(browser, "trust", fixture.bundle());
        element(browser, "#ag-save-component").click();
        heading(browser, "Attestation");
        WebElement row = element(browser, "#ag-sources").findElements(By.cssSelector("tbody tr")).stream()
                .filter(tr -> tr.getText().contains(SOURCE))
                .findFirst()
                .orElseThrow();
        assertThat(row.getText()).contains("spiffe-jwt-svid", "Usable", "Configured on the source", "1 key(s)");
        checkPage(browser, "console-attestation");
        JsonNode status = admin.getJson("/realms/" + REALM + "/agent-grant/attestation/sources")
                .path("sources");
        JsonNode added = null;
        for (JsonNode source : status) {
            if (source.path("name").asText().equals(SOURCE)) {
                added = source;
            }
        }
        assertThat(added).as(status.toString()).isNotNull();
        assertThat(added.path("provider_id").asText()).isEqualTo("spiffe-jwt-svid");
        assertThat(added.path("available").asBoolean()).isTrue();
        assertThat(added.path("trust").path("origin").asText()).isEqualTo("inline");
        assertThat(added.path("trust").path("keys").asInt()).isEqualTo(1);

        element(browser, "#ag-new-policy").click();
        element(browser, "#ag-save-component");
        browser.fill("name", "Not a name!");
        element(browser, "#ag-save-component").click();
        element(browser, ".ag-problems [role=alert]");
        assertFieldShowsItsProblem(browser, "name");
        assertFieldShowsItsProblem(browser, "policy");
        checkPage(browser, "console-realm-policy");
        browser.fill("name", POLICY);
        setValue(browser, "policy", "{\"require\":[\"" + SOURCE + "\"]}");
        element(browser, "#ag-save-component").click();
        heading(browser, "Attestation");
        assertThat(element(browser, "#ag-policies").getText()).contains(POLICY);

        go(browser, "agents/" + AGENT);
        heading(browser, AGENT);
        setValue(
                browser,
                "agent-grant.attestation-policy",
                "{\"require\":[\"" + SOURCE + "\"],\"facts\":[{\"fact\":\"" + SOURCE + ".spiffe_id\",\"equals\":\""
                        + WORKLOAD + "\"}]}");
        element(browser, "#ag-save-agent").click();
        browser.waitForText("Agent " + AGENT + " saved.");
        assertThat(agent(AGENT)
                        .path("attributes")
                        .path("agent-grant.attestation-policy")
                        .asText())
                .contains(SOURCE);

        String issuer = keycloak.realmUri(REALM).toString();
        go(browser, "attestation");
        heading(browser, "Attestation");
        browser.fill("client_id", AGENT);
        setValue(
                browser,
                "presentation",
                fixture.presentation(
                        AGENT, issuer, Map.of(SOURCE, fixture.svid(WORKLOAD, issuer, Instant.now())), Instant.now()));
        element(browser, "#ag-test-run").click();
        WebElement allowed = element(browser, "#ag-test-result [data-allowed=true]");
        assertThat(allowed.getText()).contains("Allowed");
        String rules = element(browser, "#ag-test-result table").getText();
        assertThat(rules).contains("Passed").doesNotContain("Failed");
        checkPage(browser, "console-attestation-test");

        setValue(
                browser,
                "presentation",
                fixture.presentation(
                        AGENT,
                        issuer,
                        Map.of(SOURCE, fixture.svid("spiffe://example.org/agents/other", issuer, Instant.now())),
                        Instant.now()));
        element(browser, "#ag-test-run").click();
        WebElement refused2 = element(browser, "#ag-test-result [data-allowed=false]");
        assertThat(refused2.getText()).contains("Refused", "policy", "policy_denied");
        assertThat(element(browser, "#ag-test-result table").getText()).contains("Failed");

        go(browser, "agents/" + AGENT);
        heading(browser, AGENT);
        element(browser, "#ag-remove-profile").click();
        element(browser, "[role=dialog] [data-confirm]").sendKeys(Keys.ESCAPE);
        wait(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[role=dialog]")));
        assertThat(browser.script("return document.activeElement.id;"))
                .as("focus returns to the button that opened the dialog")
                .isEqualTo("ag-remove-profile");
        assertThat(agent(AGENT).path("client_id").asText()).as("Escape cancels").isEqualTo(AGENT);
        element(browser, "#ag-remove-profile").click();
        element(browser, "[role=dialog] [data-confirm]").click();
        heading(browser, "Agents");
        assertThat(admin.get("/realms/" + REALM + "/agent-grant/agents/" + AGENT)
                        .status())
                .as("the client is no agent any more")
                .isEqualTo(404);
        assertThat(admin.get("/realms/" + REALM + "/clients?clientId=" + AGENT)
                        .expect(200)
                        .json())
                .as("the client itself stays")
                .hasSize(1);
    }

    @Test
    void anAdminNamesSubAgentsAndSeesEveryUnusableNameNextToTheField(Browser browser) {
        String delegator = "console-delegator-" + SUFFIX;
        String subAgent = "console-sub-" + SUFFIX;
        for (String clientId : List.of(delegator, subAgent)) {
            admin.post("/realms/" + REALM + "/agent-grant/agents", Map.of("client_id", clientId, "new_client", true))
                    .expect(201);
        }
        try {
            signIn(browser, ADMIN);
            go(browser, "agents/" + delegator);
            heading(browser, delegator);
            element(browser, "#ag-save-agent");

            // it-api is a client of the realm but no agent; the agent itself and a client that does not exist are
            // refused.
            browser.fill("agent-grant.delegates", String.join(" ", subAgent, "it-api", "nobody-" + SUFFIX, delegator))
                    .fill("agent-grant.delegation-depth", "9");
            element(browser, "#ag-save-agent").click();
            WebElement summary = element(browser, ".ag-problems [role=alert]");
            assertThat(summary.findElements(By.cssSelector("li[data-attribute]")).stream()
                            .map(item -> item.getDomAttribute("data-attribute"))
                            .toList())
                    .containsExactlyInAnyOrder(
                            "agent-grant.delegates",
                            "agent-grant.delegates",
                            "agent-grant.delegates",
                            "agent-grant.delegation-depth");
            assertFieldShowsItsProblem(browser, "agent-grant.delegates");
            assertFieldShowsItsProblem(browser, "agent-grant.delegation-depth");
            String error = browser.driver()
                    .findElement(By.id(browser.driver()
                            .findElement(By.name("agent-grant.delegates"))
                            .getDomAttribute("aria-describedby")
                            .replaceAll(".* ", "")))
                    .getText();
            assertThat(error).contains("'it-api' is a client but no agent", "is no client of this realm", "itself");
            assertThat(agent(delegator).path("attributes").has("agent-grant.delegates"))
                    .as("nothing was saved")
                    .isFalse();
            checkPage(browser, "console-agent-delegates-problems");

            browser.fill("agent-grant.delegates", subAgent).fill("agent-grant.delegation-depth", "1");
            element(browser, "#ag-save-agent").click();
            browser.waitForText("Agent " + delegator + " saved.");
            JsonNode saved = agent(delegator);
            assertThat(saved.path("profile").path("delegates").toString()).isEqualTo("[\"" + subAgent + "\"]");
            assertThat(saved.path("profile").path("delegation_depth").asInt()).isEqualTo(1);
            assertThat(browser.fieldValue("agent-grant.delegates")).isEqualTo(subAgent);
            assertThat(browser.fieldValue("agent-grant.delegation-depth")).isEqualTo("1");
        } finally {
            for (String clientId : List.of(delegator, subAgent)) {
                admin.delete("/realms/" + REALM + "/clients/" + admin.clientUuid(REALM, clientId));
            }
        }
    }

    @Test
    void anAdminWhoMayOnlyViewSeesNoControlsAndTheApiRefusesTheChange(@BrowserLocale("de") Browser browser) {
        admin.put(
                        "/realms/" + REALM,
                        Map.of(
                                "internationalizationEnabled",
                                true,
                                "supportedLocales",
                                List.of("en", "de"),
                                "defaultLocale",
                                "en"))
                .expect(204);
        signIn(browser, VIEWER);

        go(browser, "agents");
        heading(browser, "Agenten");
        assertThat(browser.driver().findElements(By.id("ag-new-agent"))).isEmpty();

        go(browser, "agents/" + VIEWED_AGENT);
        heading(browser, VIEWED_AGENT);
        assertThat(browser.driver().findElements(By.cssSelector("#ag-save-agent, #ag-suspend, #ag-remove-profile")))
                .isEmpty();
        assertThat(browser.driver().findElement(By.name("agent-grant.owners")).getDomAttribute("readonly"))
                .isNotNull();
        checkPage(browser, "console-agent-view-only");

        go(browser, "attestation");
        heading(browser, "Attestierung");
        assertThat(browser.driver().findElements(By.cssSelector("#ag-new-source, #ag-new-policy")))
                .isEmpty();
        element(browser, "#ag-test-run");

        String token = passwordToken(VIEWER);
        assertThat(keycloak.http()
                        .sendJson(
                                "PUT",
                                "/admin/realms/" + REALM + "/agent-grant/agents/" + VIEWED_AGENT,
                                Map.of("attributes", Map.of("agent-grant.owners", "mallory")),
                                "Authorization",
                                "Bearer " + token)
                        .status())
                .isEqualTo(403);
        assertThat(keycloak.http()
                        .sendJson(
                                "POST",
                                "/admin/realms/" + REALM + "/agent-grant/agents/" + VIEWED_AGENT + "/suspend",
                                null,
                                "Authorization",
                                "Bearer " + token)
                        .status())
                .isEqualTo(403);
        assertThat(agent(VIEWED_AGENT)
                        .path("attributes")
                        .path("agent-grant.owners")
                        .asText())
                .isEqualTo("alice");
    }

    @Test
    void theAgentListTheConsoleShowsFiltersOnARealKeycloak() {
        String agents = "/realms/" + REALM + "/agent-grant/agents";

        assertThat(clientIds(admin.getJson(agents + "?search=" + VIEWED_AGENT.toUpperCase())))
                .containsExactly(VIEWED_AGENT);
        assertThat(clientIds(admin.getJson(agents + "?owner=alice&max=100"))).contains(VIEWED_AGENT);
        assertThat(clientIds(admin.getJson(agents + "?owner=nobody-" + SUFFIX))).isEmpty();
        assertThat(clientIds(admin.getJson(agents + "?search=" + VIEWED_AGENT + "&suspended=true")))
                .isEmpty();
        assertThat(clientIds(admin.getJson(agents + "?search=" + VIEWED_AGENT + "&active=false")))
                .containsExactly(VIEWED_AGENT);
        assertThat(admin.get(agents + "?suspended=maybe").status()).isEqualTo(400);
    }

    private static List<String> clientIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("agents").forEach(agent -> ids.add(agent.path("client_id").asText()));
        return ids;
    }

    /** An admin token of the realm's admin-cli, as kcadm.sh would get one. */
    private String passwordToken(String username) {
        return RealmAdmins.passwordToken(keycloak.http(), REALM, "admin-cli", username, PASSWORD);
    }

    private void signIn(Browser browser, String username) {
        browser.open(keycloak.realmUri(REALM) + "/agent-grant/console/");
        browser.waitForUrlStartingWith(keycloak.realmUri(REALM) + "/protocol/openid-connect/auth");
        browser.fill("username", username).fill("password", PASSWORD).click("#kc-login");
        element(browser, "[data-testid=signed-in-as]");
    }

    private static void go(Browser browser, String path) {
        browser.script("window.location.hash = arguments[0];", "#/" + REALM + "/" + path);
    }

    private static void heading(Browser browser, String text) {
        wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), text));
    }

    private static WebElement element(Browser browser, String css) {
        return wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static WebDriverWait wait(Browser browser) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20));
    }

    /** Puts a long value into a field at once (typing a key set key by key would take long). */
    private static void setValue(Browser browser, String name, String value) {
        WebElement field = browser.driver().findElement(By.name(name));
        browser.script("arguments[0].value = arguments[1];", field, value);
    }

    /** The field is marked invalid and described by an error text that is on the page. */
    private static void assertFieldShowsItsProblem(Browser browser, String name) {
        WebElement field = browser.driver().findElement(By.name(name));
        assertThat(field.getDomAttribute("aria-invalid")).as(name).isEqualTo("true");
        String describedBy = field.getDomAttribute("aria-describedby");
        assertThat(describedBy).as(name).isNotBlank();
        String errorId = List.of(describedBy.split(" ")).stream()
                .filter(id -> id.endsWith("-error"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not described by an error: " + describedBy));
        assertThat(browser.driver().findElement(By.id(errorId)).getText())
                .as(name)
                .isNotBlank();
    }

    private JsonNode agent(String clientId) {
        return admin.getJson("/realms/" + REALM + "/agent-grant/agents/" + clientId);
    }

    private static void checkPage(Browser browser, String name) {
        assertThat(browser.driver().findElements(By.cssSelector(".ag-alerts .pf-m-danger")))
                .as(name + " shows no error")
                .isEmpty();
        Accessibility.assertNoSeriousViolations(browser, name);
        Screenshots.capture(browser, name);
        Screenshots.resize(browser, Screenshots.DESKTOP);
    }
}
