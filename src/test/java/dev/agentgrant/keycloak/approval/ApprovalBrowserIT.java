package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BrowserLocale;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.Totp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person approves agent tasks in a real headless Chromium: the agent requests over HTTP, the person opens the
 * verification link, signs in through the approval flow, reads the consent page and decides; the agent polls.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ApprovalBrowserIT {

    private static final String REALM = AgentGrantFixture.REALM;
    /** The OTP secret of the test realm's user alice (realms/agent-grant-it.json). */
    private static final byte[] ALICE_TOTP_SECRET = "alice-totp-secret-for-tests".getBytes(StandardCharsets.UTF_8);

    private static final byte[] CAROL_TOTP_SECRET = "carol-totp-secret-for-tests".getBytes(StandardCharsets.UTF_8);

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        ClientScopes.ensure(keycloak.admin());
        this.fixture = AgentGrantFixture.create(keycloak, Map.of("agent-grant.owners", "bob"));
    }

    private JsonNode request(AgentGrantFixture agent, Map<String, String> changes) {
        return agent.request(agent.form(changes)).expect(201).json();
    }

    private static void signIn(Browser browser, String username, String password) {
        browser.fill("username", username).fill("password", password).click("#kc-login");
    }

    private String status(AgentGrantFixture agent, String grantId) {
        return agent.status(grantId).expect(200).json().path("status").asText();
    }

    @Test
    void aPersonNarrowsAndApprovesThenRevokesOnMyGrants(Browser browser) {
        JsonNode created = request(fixture, Map.of("login_hint", "tester", "max_uses", "3"));
        String grantId = created.path("grant_id").asText();

        browser.open(created.path("verification_uri_complete").asText());
        signIn(browser, "tester", "tester");
        browser.waitForText(fixture.workload);
        String page = browser.pageText();
        assertThat(page)
                .contains(
                        created.path("user_code").asText(),
                        "Move tomorrow's 9:00 meeting with Dana to Friday",
                        fixture.agent,
                        "Calendar API " + fixture.suffix,
                        "Read your calendar",
                        "Change events in your calendar",
                        "bob");
        browser.click("input[name=scope][value='calendar.write']");
        browser.click("#agent-grant-approve");

        browser.waitForText("calendar.read");
        assertThat(browser.currentUrl()).doesNotContain("code=").doesNotContain("access_token");
        assertThat(browser.cookies()).extracting(Browser.Cookie::value).noneMatch(v -> v.contains(fixture.agent));
        JsonNode status = fixture.status(grantId).expect(200).json();
        assertThat(status.path("status").asText()).isEqualTo("APPROVED");
        assertThat(status.path("scope").asText()).isEqualTo("calendar.read");
        assertThat(status.path("max_uses").asInt()).isEqualTo(3);
        // The person's session knows only the approval client; the agent never had a client session in the browser.
        AdminApi admin = keycloak.admin();
        String userId = admin.getJson("/realms/" + REALM + "/users?exact=true&username=tester")
                .get(0)
                .path("id")
                .asText();
        JsonNode sessions = admin.getJson("/realms/" + REALM + "/users/" + userId + "/sessions");
        assertThat(sessions.findValues("clients"))
                .allSatisfy(clients -> assertThat(clients.toString()).doesNotContain(fixture.agent));

        browser.open(myGrantsUrl());
        browser.waitForText("Move tomorrow's 9:00 meeting with Dana to Friday");
        browser.click("#agent-grant-revoke-" + grantId);
        browser.waitForText(fixture.agent);
        assertThat(status(fixture, grantId)).isEqualTo("REVOKED");
    }

    @Test
    void aPersonDeniesAndTheUsedCodeNoLongerWorks(Browser browser) {
        JsonNode created = request(fixture, Map.of());
        String grantId = created.path("grant_id").asText();

        browser.open(created.path("verification_uri_complete").asText());
        signIn(browser, "tester", "tester");
        browser.click("#agent-grant-deny");
        waitForResult(browser, "denied");
        assertThat(status(fixture, grantId)).isEqualTo("DENIED");

        // Signed in already, the person is told at once that the used code is no longer valid, and may enter another.
        browser.open(created.path("verification_uri_complete").asText());
        browser.waitForText("That code is not valid");
        assertThat(browser.pageSource()).contains("name=\"user_code\"").contains("/agent-grant/verify");
    }

    /**
     * A wrong code leads to the sign-in like a right one (nothing is told before it); once signed in, the person learns
     * the code was wrong, and the right one typed next goes straight to consent within the session.
     */
    @Test
    void aCodeTypedOnTheEntryPageLeadsToConsentAndAWrongCodeIsToldAfterSignIn(Browser browser) {
        JsonNode created = request(fixture, Map.of());
        String wrong = created.path("user_code").asText().equals("BCDF-GHJK") ? "BCDF-GHJL" : "BCDF-GHJK";

        browser.open(fixture.issuer() + "/agent-grant/verify");
        browser.fill("user_code", wrong).click("#agent-grant-submit-code");
        // The click starts a navigation; read the page once the sign-in form has arrived, not the entry page still
        // shown.
        browser.waitForElement("#kc-form-login");
        assertThat(browser.pageSource()).doesNotContain("That code is not valid");
        signIn(browser, "tester", "tester");
        browser.waitForText("That code is not valid");
        browser.fill(
                        "user_code",
                        created.path("user_code").asText().toLowerCase().replace("-", ""))
                .click("#agent-grant-submit-code");
        browser.waitForText(fixture.workload);
    }

    @Test
    void aRequestForAnotherPersonIsRefusedUntilTheySwitchAccount(Browser browser) {
        JsonNode created = request(fixture, Map.of("login_hint", "bob"));

        browser.open(created.path("verification_uri_complete").asText());
        browser.fill("username", "tester").fill("password", "tester").click("#kc-login");
        browser.click("#agent-grant-switch-account");
        signIn(browser, "bob", "bob");
        browser.waitForText(fixture.workload);
        browser.click("#agent-grant-approve");
        waitForResult(browser, "approved");

        assertThat(status(fixture, created.path("grant_id").asText())).isEqualTo("APPROVED");
    }

    @Test
    void anOldSessionMustSignInAgain(Browser browser) {
        AgentGrantFixture strict = AgentGrantFixture.create(keycloak, Map.of("agent-grant.max-auth-age", "0"));
        JsonNode first = request(strict, Map.of());
        browser.open(first.path("verification_uri_complete").asText());
        signIn(browser, "tester", "tester");
        browser.click("#agent-grant-approve");
        waitForResult(browser, "approved");

        JsonNode second = request(strict, Map.of());
        browser.open(second.path("verification_uri_complete").asText());

        // The browser holds an SSO session, yet the approval asks for the password again.
        browser.fill("password", "tester").click("#kc-login");
        browser.waitForText(strict.workload);
    }

    @Test
    void aTamperedFormOrOneWithoutItsCsrfTokenChangesNothing(Browser browser) {
        JsonNode created = request(fixture, Map.of("requested_lifetime", "1800"));
        String grantId = created.path("grant_id").asText();
        browser.open(created.path("verification_uri_complete").asText());
        signIn(browser, "tester", "tester");
        browser.waitForText(fixture.workload);

        browser.script("var box = document.querySelector(\"input[name=scope][value='calendar.write']\");"
                + "box.value = 'mail.send'; box.checked = true;");
        browser.click("#agent-grant-approve");
        assertThat(status(fixture, grantId)).isEqualTo("PENDING");

        browser.waitForText(fixture.workload);
        browser.script("var select = document.querySelector('select[name=lifetime]');"
                + "var option = document.createElement('option'); option.value = '86400'; option.selected = true;"
                + "select.appendChild(option);");
        browser.click("#agent-grant-approve");
        assertThat(status(fixture, grantId)).isEqualTo("PENDING");

        browser.waitForText(fixture.workload);
        browser.script("document.querySelector('input[name=csrf]').remove();");
        browser.click("#agent-grant-approve");
        assertThat(status(fixture, grantId)).isEqualTo("PENDING");

        browser.waitForText(fixture.workload);
        browser.click("#agent-grant-approve");
        waitForResult(browser, "approved");
        assertThat(status(fixture, grantId)).isEqualTo("APPROVED");
    }

    @Test
    void aPendingRequestIsApprovedFromMyGrantsWithoutTheLink(Browser browser) {
        JsonNode created = request(fixture, Map.of("login_hint", "tester@example.com"));
        String grantId = created.path("grant_id").asText();

        browser.open(myGrantsUrl());
        signIn(browser, "tester", "tester");
        browser.click("#agent-grant-review-" + grantId);
        browser.waitForText(fixture.workload);
        browser.click("#agent-grant-approve");
        waitForResult(browser, "approved");

        assertThat(status(fixture, grantId)).isEqualTo("APPROVED");
    }

    @Test
    void aSensitiveScopeAsksForTheOneTimeCodeEvenWithinAnSsoSessionButNotTwiceInOneSignIn(
            Browser browser, Browser fresh) {
        AgentGrantFixture mailer = AgentGrantFixture.create(keycloak, Map.of());
        JsonNode plain = request(mailer, Map.of("login_hint", "alice"));
        // The approval flow exists since the realm's import; the step-up is switched on for this test.
        StepUp.requireOtpFor(keycloak.admin(), "mail.send");
        try {
            browser.open(plain.path("verification_uri_complete").asText());
            browser.fill("username", "alice").fill("password", "alice").click("#kc-login");
            browser.fill("otp", Totp.unused(ALICE_TOTP_SECRET)).click("#kc-login");
            browser.waitForText(mailer.workload);
            browser.click("#agent-grant-approve");
            waitForResult(browser, "approved");

            JsonNode sensitive = request(mailer, Map.of("login_hint", "alice", "scope", "mail.send"));
            browser.open(sensitive.path("verification_uri_complete").asText());
            // Signed in already (SSO), but this task needs the second factor again.
            browser.fill("otp", Totp.unused(ALICE_TOTP_SECRET)).click("#kc-login");
            browser.waitForText(mailer.workload);
            browser.click("#agent-grant-approve");
            waitForResult(browser, "approved");
            JsonNode status = mailer.status(sensitive.path("grant_id").asText())
                    .expect(200)
                    .json();
            assertThat(status.path("status").asText()).isEqualTo("APPROVED");
            assertThat(status.path("scope").asText()).isEqualTo("mail.send");

            // A fresh sign-in that already used the one-time code goes straight to consent: no second code.
            JsonNode signIn = request(mailer, Map.of("login_hint", "carol", "scope", "mail.send"));
            fresh.open(signIn.path("verification_uri_complete").asText());
            fresh.fill("username", "carol").fill("password", "carol").click("#kc-login");
            fresh.fill("otp", Totp.unused(CAROL_TOTP_SECRET)).click("#kc-login");
            fresh.waitForText(mailer.workload);
            fresh.click("#agent-grant-approve");
            waitForResult(fresh, "approved");
        } finally {
            StepUp.disable(keycloak.admin());
        }
    }

    @Test
    void thePagesCannotBeFramedAndSpeakGerman(@BrowserLocale("de") Browser browser) {
        RealmLanguages.enable(keycloak.admin(), "en", "de");
        String verify = fixture.issuer() + "/agent-grant/verify";

        Http.Response page = browser.fetch(verify);
        browser.open(verify);

        String frameOptions = page.header("X-Frame-Options");
        String csp = page.header("Content-Security-Policy");
        assertThat(frameOptions != null || (csp != null && csp.contains("frame-ancestors")))
                .as("X-Frame-Options %s, CSP %s", frameOptions, csp)
                .isTrue();
        assertThat(browser.pageSource()).contains("lang=\"de\"");
    }

    /** Waits for the extension's result page with the given outcome. */
    public static void waitForResult(Browser browser, String outcome) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String marker = "data-outcome=\"" + outcome + "\"";
        while (!browser.pageSource().contains(marker)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "No result page '" + outcome + "' at " + browser.currentUrl() + ":\n" + browser.pageText());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String myGrantsUrl() {
        return fixture.issuer() + "/agent-grant/my-grants";
    }

    /** The client scopes the fixture's agents request, with consent texts; mail.send needs the realm role mailer. */
    public static final class ClientScopes {
        public static synchronized void ensure(AdminApi admin) {
            String base = "/realms/" + REALM;
            JsonNode existing = admin.getJson(base + "/client-scopes");
            if (existing.findValuesAsText("name").contains("calendar.read")) {
                return;
            }
            create(admin, "calendar.read", "Read your calendar");
            create(admin, "calendar.write", "Change events in your calendar");
            String mail = create(admin, "mail.send", "Send email as you");
            admin.post(base + "/roles", Map.of("name", "mailer")).expect(201);
            JsonNode role = admin.getJson(base + "/roles/mailer");
            admin.post(base + "/client-scopes/" + mail + "/scope-mappings/realm", List.of(role))
                    .expect(204);
            for (String mailer : List.of("alice", "carol")) {
                String id = admin.getJson(base + "/users?exact=true&username=" + mailer)
                        .get(0)
                        .path("id")
                        .asText();
                admin.post(base + "/users/" + id + "/role-mappings/realm", List.of(role))
                        .expect(204);
            }
        }

        private static String create(AdminApi admin, String name, String consentText) {
            String location = admin.post(
                            "/realms/" + REALM + "/client-scopes",
                            Map.of(
                                    "name",
                                    name,
                                    "protocol",
                                    "openid-connect",
                                    "attributes",
                                    Map.of("consent.screen.text", consentText, "display.on.consent.screen", "true")))
                    .expect(201)
                    .header("Location");
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** Switches the approval flow's step-up sub-flow on, for tasks requesting {@code scope}, and off again. */
    static final class StepUp {
        private static final String FLOW = "/realms/" + REALM + "/authentication/flows/"
                + URLEncoder.encode(ApprovalRealmSetup.FLOW_ALIAS, StandardCharsets.UTF_8)
                        .replace("+", "%20");

        static void requireOtpFor(AdminApi admin, String scope) {
            JsonNode executions = admin.getJson(FLOW + "/executions");
            for (JsonNode execution : executions) {
                if (execution.path("authenticationFlow").asBoolean()
                        && execution.path("displayName").asText().endsWith("step-up")) {
                    setRequirement(admin, execution, "CONDITIONAL");
                }
                if (AgentTaskConditionFactory.ID.equals(
                                execution.path("providerId").asText())
                        && !execution.has("authenticationConfig")) {
                    admin.post(
                                    "/realms/" + REALM + "/authentication/executions/"
                                            + execution.path("id").asText() + "/config",
                                    Map.of("alias", "sensitive-agent-tasks", "config", Map.of("scopes", scope)))
                            .expect(201);
                }
            }
        }

        static void disable(AdminApi admin) {
            for (JsonNode execution : admin.getJson(FLOW + "/executions")) {
                if (execution.path("authenticationFlow").asBoolean()
                        && execution.path("displayName").asText().endsWith("step-up")) {
                    setRequirement(admin, execution, "DISABLED");
                }
            }
        }

        private static void setRequirement(AdminApi admin, JsonNode execution, String requirement) {
            ObjectNode changed = execution.deepCopy();
            changed.put("requirement", requirement);
            admin.put(FLOW + "/executions", changed).expect(204);
        }
    }

    /** Turns on the realm's internationalisation so the login theme follows the browser's language. */
    static final class RealmLanguages {
        static void enable(AdminApi admin, String... locales) {
            Map<String, Object> changes = new HashMap<>();
            changes.put("internationalizationEnabled", true);
            changes.put("supportedLocales", List.of(locales));
            changes.put("defaultLocale", locales[0]);
            admin.put("/realms/" + REALM, changes).expect(204);
        }
    }
}
