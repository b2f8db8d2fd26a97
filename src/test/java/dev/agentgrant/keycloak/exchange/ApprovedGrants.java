package dev.agentgrant.keycloak.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.People;
import dev.agentgrant.keycloak.testing.People.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** People and grants they approved in the browser, for the tests that need a token of a task grant. */
public final class ApprovedGrants {

    private ApprovedGrants() {}

    /** A new enabled person of the test realm whose password is their username; returns the username. */
    public static String person(AdminApi admin, String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        People.create(admin, AgentGrantFixture.REALM, Profile.named(username, "Temp", "Person"));
        return username;
    }

    public static String userId(AdminApi admin, String username) {
        return admin.userId(AgentGrantFixture.REALM, username);
    }

    /**
     * A request of {@code agent} naming {@code username}, decided in the browser by that person (signing in when the
     * browser has no session, so several people may decide one after another after {@link Browser#clearCookies()});
     * returns the request's answer.
     */
    public static JsonNode decided(
            Browser browser,
            AgentGrantFixture agent,
            String username,
            Map<String, String> extra,
            String button,
            String outcome) {
        Map<String, String> changes = new LinkedHashMap<>(extra);
        changes.put("login_hint", username);
        JsonNode created = agent.request(agent.form(changes)).expect(201).json();
        decide(browser, created, username, button, outcome);
        return created;
    }

    /** {@code username} decides the request {@code created} in the browser, signing in when there is no session. */
    public static void decide(Browser browser, JsonNode created, String username, String button, String outcome) {
        browser.open(created.path("verification_uri_complete").asText());
        if (browser.pageSource().contains("id=\"password\"")) {
            browser.fill("username", username).fill("password", username).click("#kc-login");
        }
        browser.click(button);
        ApprovalBrowserIT.waitForResult(browser, outcome);
    }

    /** The id of a grant {@code username} approved as requested. */
    public static String approved(
            Browser browser, AgentGrantFixture agent, String username, Map<String, String> extra) {
        return decided(browser, agent, username, extra, "#agent-grant-approve", "approved")
                .path("grant_id")
                .asText();
    }

    /**
     * The id of a grant {@code username} approved as requested, leaving exactly {@code delegates} ticked among the
     * sub-agents the task may be handed to: the consent form is posted with one {@code delegate} field per client_id
     * (the server accepts only the agent profile's delegates), whatever boxes the page itself shows — they are
     * unticked first.
     */
    public static String approvedWithDelegates(
            Browser browser,
            AgentGrantFixture agent,
            String username,
            Map<String, String> extra,
            Set<String> delegates) {
        Map<String, String> changes = new LinkedHashMap<>(extra);
        changes.put("login_hint", username);
        JsonNode created = agent.request(agent.form(changes)).expect(201).json();
        browser.open(created.path("verification_uri_complete").asText());
        if (browser.pageSource().contains("id=\"password\"")) {
            browser.fill("username", username).fill("password", username).click("#kc-login");
        }
        for (int i = 0;
                i < 200
                        && !Boolean.TRUE.equals(
                                browser.script("return document.getElementById('agent-grant-approve') !== null"));
                i++) {
            sleep();
        }
        browser.script(
                "const form = document.getElementById('agent-grant-approve').form;"
                        + "form.querySelectorAll('input[name=\"delegate\"]').forEach(box => {"
                        + "  if (box.type === 'checkbox') { box.checked = false; } else { box.remove(); } });"
                        + "for (const id of arguments[0]) {"
                        + "  const field = document.createElement('input');"
                        + "  field.type = 'hidden'; field.name = 'delegate'; field.value = id; form.appendChild(field); }",
                List.copyOf(delegates));
        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");
        return created.path("grant_id").asText();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
