package dev.agentgrant.keycloak.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.BrowserLocale;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser harness against the real server: a person signs in to the account console of the test realm, and
 * the login page they see may not be framed by another site.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
class BrowserLoginIT {

    private static final String REALM = "agent-grant-it";

    @Test
    void testerSignsInToTheAccountConsoleAndArrivesBackSignedIn(KeycloakServer keycloak, Browser browser) {
        String accountConsole = keycloak.realmUri(REALM) + "/account";

        browser.open(accountConsole).waitForUrlStartingWith(loginPage(keycloak));
        assertThat(browser.cookie("KEYCLOAK_IDENTITY"))
                .as("signed in before signing in")
                .isEmpty();

        browser.fill("username", "tester").fill("password", "tester").clickButton("Sign In");

        // The console only shows the form once its REST API accepted the new token: the name in the header comes
        // from the ID token alone and shows even when the API refuses it (a user without the account roles).
        browser.waitForUrlStartingWith(accountConsole);
        assertThat(browser.fieldValue("email")).isEqualTo("tester@example.com");
        assertThat(browser.pageText()).contains("Test User").doesNotContain("Something went wrong");
        Browser.Cookie identity = browser.cookie("KEYCLOAK_IDENTITY")
                .orElseThrow(() ->
                        new AssertionError("No KEYCLOAK_IDENTITY cookie; the browser holds " + browser.cookies()));
        assertThat(identity.domain()).isEqualTo(keycloak.baseUri().getHost());
        assertThat(identity.path()).isEqualTo("/realms/" + REALM + "/");
        assertThat(identity.httpOnly())
                .as("the SSO cookie is out of reach of the page's scripts")
                .isTrue();

        // The browser's cookies carry the single sign-on session: another authorization request sent with them is
        // answered at once with a code (RFC 6749, section 4.1.2), not with a login page.
        Http.Response again = browser.fetch(loginPage(keycloak) + "?client_id=account-console&response_type=code"
                + "&scope=openid&redirect_uri=" + encode(accountConsole + "/")
                + "&code_challenge=" + "A".repeat(43) + "&code_challenge_method=S256");
        assertThat(again.status()).as("%s", again).isEqualTo(302);
        assertThat(again.header("Location"))
                .startsWith(accountConsole + "/")
                .contains("code=")
                .doesNotContain("error=");
    }

    @Test
    void theLoginPageMayOnlyBeFramedByTheServerItself(KeycloakServer keycloak, Browser browser) {
        browser.open(keycloak.realmUri(REALM) + "/account").waitForUrlStartingWith(loginPage(keycloak));

        // The very page the browser shows, fetched again with its cookies (WebDriver does not show headers).
        Http.Response page = browser.fetch(browser.currentUrl()).expect(200);

        assertThat(page.body()).as("the login form, not an error page").contains("id=\"kc-form-login\"");
        // Keycloak's defaults for a realm's browser security headers: framing by other sites (clickjacking) is
        // refused both the old way and the CSP way (CSP Level 3, frame-ancestors).
        assertThat(page.header("X-Frame-Options")).isEqualToIgnoringCase("SAMEORIGIN");
        assertThat(directive(page.header("Content-Security-Policy"), "frame-ancestors"))
                .contains("'self'");
    }

    @Test
    void aTestChoosesTheLanguageTheBrowserAsksFor(KeycloakServer keycloak, @BrowserLocale("de-DE") Browser browser) {
        browser.open(keycloak.realmUri(REALM) + "/account").waitForUrlStartingWith(loginPage(keycloak));

        assertThat(browser.script("return navigator.languages"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("de-DE", "de");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String loginPage(KeycloakServer keycloak) {
        return keycloak.realmUri(REALM) + "/protocol/openid-connect/auth";
    }

    /** The value of one directive of a Content-Security-Policy header (CSP Level 3, section 2.2). */
    private static Optional<String> directive(String policy, String name) {
        return Arrays.stream(policy == null ? new String[0] : policy.split(";"))
                .map(String::strip)
                .filter(directive -> directive.toLowerCase(Locale.ROOT).startsWith(name + " "))
                .map(directive -> directive.substring(name.length()).strip())
                .findFirst();
    }
}
