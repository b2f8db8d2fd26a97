package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loaded person signed in as in a browser: an admin sets their password (the bulk load writes no credentials),
 * they open their grants page and sign in; the cookies the browser holds for the realm are what the page's load
 * sends.
 */
final class PersonSession {

    private PersonSession() {}

    /** Answers the {@code Cookie} header of the signed-in person for the realm's pages. */
    static String signIn(KeycloakServer keycloak, String realm, String userId, String username) {
        String password = username + "-password";
        keycloak.admin()
                .put(
                        "/realms/" + realm + "/users/" + userId + "/reset-password",
                        Map.of("type", "password", "value", password, "temporary", false))
                .expect(204);
        String page = keycloak.realmUri(realm) + "/agent-grant/my-grants";
        try (Browser browser = Browser.start()) {
            browser.open(page);
            browser.fill("username", username).fill("password", password).click("#kc-login");
            browser.waitForUrlStartingWith(page);
            List<Browser.Cookie> cookies = browser.cookies();
            return cookies.stream()
                    .filter(cookie -> cookie.path().startsWith("/realms/" + realm))
                    .map(cookie -> cookie.name() + "=" + cookie.value())
                    .collect(Collectors.joining("; "));
        }
    }
}
