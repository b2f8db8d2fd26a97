package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guessing user codes (RFC 8628 §5.1). Before sign-in the verification page answers a valid and an invalid code
 * alike — both start the sign-in — so nobody without an account can test codes, and such attempts are not counted.
 * A signed-in person learns whether a code is valid; ten wrong ones from one address block even a right code there
 * for the rest of the window. Each test runs in a realm of its own, since the budgets cover a realm.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
class CodeGuessingIT {

    private static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    @Test
    void beforeSignInAValidAndAnInvalidCodeAnswerAlikeAndNothingIsCounted(KeycloakServer keycloak) {
        AdminApi admin = keycloak.admin();
        String realm = newRealm(admin);
        try {
            AgentGrantFixture agent = AgentGrantFixture.createIn(keycloak, realm, Map.of());
            String code = agent.request(agent.form(Map.of()))
                    .expect(201)
                    .json()
                    .path("user_code")
                    .asText();
            String verify = keycloak.realmUri(realm) + "/agent-grant/verify";
            Http http = keycloak.http();

            Http.Response valid = http.postForm(verify, Map.of("user_code", code));
            assertStartsSignIn(valid);
            for (String wrong : wrongCodes(code, 12)) {
                Http.Response invalid = http.postForm(verify, Map.of("user_code", wrong));
                assertStartsSignIn(invalid);
                assertThat(invalid.body()).isEqualTo(valid.body());
                assertStartsSignIn(http.get(verify + "?user_code=" + wrong));
            }
            // Twelve wrong codes without a sign-in spent no budget: the right one still starts the sign-in.
            assertStartsSignIn(http.postForm(verify, Map.of("user_code", code)));
            // Only the shape of a code is judged before sign-in, and it says nothing about which codes exist.
            assertThat(http.postForm(verify, Map.of("user_code", "12345678")).status())
                    .isEqualTo(400);
        } finally {
            admin.delete("/realms/" + realm).expect(204);
        }
    }

    @Test
    void aSignedInPersonLearnsOfWrongCodesAndTenBlockEvenARightOne(KeycloakServer keycloak, Browser browser) {
        AdminApi admin = keycloak.admin();
        String realm = newRealm(admin);
        try {
            AgentGrantFixture agent = AgentGrantFixture.createIn(keycloak, realm, Map.of());
            String person = "guesser-" + agent.suffix;
            admin.post(
                            "/realms/" + realm + "/users",
                            Map.of(
                                    "username",
                                    person,
                                    "enabled",
                                    true,
                                    "email",
                                    person + "@example.com",
                                    "emailVerified",
                                    true,
                                    "firstName",
                                    "Guess",
                                    "lastName",
                                    "Er",
                                    "credentials",
                                    List.of(Map.of("type", "password", "value", person, "temporary", false))))
                    .expect(201);
            String code = agent.request(agent.form(Map.of("login_hint", person)))
                    .expect(201)
                    .json()
                    .path("user_code")
                    .asText();
            String verify = keycloak.realmUri(realm) + "/agent-grant/verify";
            List<String> wrong = wrongCodes(code, GuessLimiter.MAX_FAILURES);

            // Before sign-in the right code shows nothing of its request, not even the person it names.
            browser.open(verify + "?user_code=" + code);
            assertThat(browser.fieldValue("username")).isEmpty();
            assertThat(browser.pageText()).doesNotContain(person).doesNotContain(agent.agent);

            browser.open(verify + "?user_code=" + wrong.get(0));
            assertThat(browser.fieldValue("username")).isEmpty();
            browser.fill("username", person).fill("password", person).click("#kc-login");
            browser.waitForText("That code is not valid");
            assertThat(browser.pageSource()).contains("name=\"user_code\"");
            for (String guess : wrong.subList(1, wrong.size())) {
                browser.open(verify + "?user_code=" + guess);
                browser.waitForText("That code is not valid");
            }

            browser.open(verify + "?user_code=" + code);
            browser.waitForText("Too many wrong codes");
            assertThat(browser.pageText()).doesNotContain(agent.workload);
        } finally {
            admin.delete("/realms/" + realm).expect(204);
        }
    }

    private static String newRealm(AdminApi admin) {
        String realm = "guessing-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/realms", Map.of("realm", realm, "enabled", true)).expect(201);
        return realm;
    }

    /** The redirect to the sign-in, the same for every code: to Keycloak's authentication of the approval client. */
    private static void assertStartsSignIn(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        assertThat(response.header("Location"))
                .as(response.toString())
                .contains("/login-actions/authenticate?")
                .contains("client_id=agent-grant-approval");
    }

    /** Well-formed codes other than {@code code}. */
    private static List<String> wrongCodes(String code, int count) {
        String normalized = code.replace("-", "");
        List<String> codes = new ArrayList<>();
        for (int i = 0; codes.size() < count; i++) {
            String candidate = "BCDFGHJ" + ALPHABET.charAt(i % ALPHABET.length());
            if (i >= ALPHABET.length()) {
                candidate = "BCDFGH" + ALPHABET.charAt(i / ALPHABET.length()) + ALPHABET.charAt(i % ALPHABET.length());
            }
            if (!candidate.equals(normalized) && !codes.contains(candidate)) {
                codes.add(candidate);
            }
        }
        return codes;
    }
}
