package dev.agentgrant.keycloak.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.ToolProgram;
import dev.agentgrant.keycloak.testing.Totp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo of docs/walkthrough.md, end to end, on a real Keycloak with the shipped demo realm: the demo API and the
 * demo agent run from target/agent-grant-demo-tools.jar as the walkthrough starts them, alice approves the task
 * in Chromium with her password and one-time code — the consent page naming the sub-agent the agent may hand the task
 * to — and the agent's report of every step is checked: request, approval, exchange with DPoP, resource call, the
 * two-hop chain (the sub-agent demo-calendar-helper exchanges the agent's token with its own evidence and DPoP key for
 * a token with the nested act, and calls the resource with it), revocation and the realm's push, both tokens inactive,
 * exchange and hand-over refused, resource refused for both tokens — then the API's log and the grant's audit trail
 * as an admin reads it.
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
class EndToEndBrowserIT {

    private static final String REALM = "agent-grant-demo";
    /** alice's OTP secret in realm-exports/agent-grant-demo.json; Keycloak keys its HMAC with these bytes. */
    private static final byte[] ALICE_TOTP_SECRET = "alice-agent-demo-otp".getBytes(StandardCharsets.UTF_8);

    private static final Pattern LISTENING = Pattern.compile("^demo-api listening on (\\S+)$");
    private static final Pattern VERIFY_LINK = Pattern.compile("^\\s+(http\\S+/agent-grant/verify\\?user_code=\\S+)$");
    private static final Duration START = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUSH_ENDPOINT = "agent-grant.ssf.push-endpoint";

    @Test
    void aTaskApprovedInTheBrowserWorksAlsoHandedToTheSubAgentAndNothingWorksAfterItsRevocation(
            KeycloakServer keycloak, Browser browser) throws Exception {
        String base = keycloak.baseUri().toString();
        String issuer = base.replaceAll("/+$", "") + "/realms/" + REALM;
        try (ToolProgram api = ToolProgram.startJar("api", "--port", "0", "--url", base)) {
            String apiUrl = api.awaitLine(LISTENING, START).group(1);
            String report;
            int exit;
            // The API runs on a free port here, not 8090: demo-api's root URL names the resource identifier its
            // metadata publishes (RFC 9728), which the exchange's resource must match (RFC 8707), and its push endpoint
            // is where the realm sends its Shared Signals, as an admin would set them for an API deployed elsewhere.
            JsonNode shipped = keycloak.admin()
                    .getJson("/realms/" + REALM + "/clients?clientId=demo-api")
                    .get(0);
            keycloak.admin().updateClient(REALM, "demo-api", client -> {
                client.put("rootUrl", apiUrl);
                client.withObjectProperty("attributes").put(PUSH_ENDPOINT, apiUrl.replace("/calendar", "/ssf/events"));
            });
            try (ToolProgram agent = ToolProgram.startJar("agent", "--api", apiUrl)) {
                approveAsAlice(browser, agent.awaitLine(VERIFY_LINK, START).group(1));
                exit = agent.awaitExit(Duration.ofMinutes(2));
                report = agent.output();
            } finally {
                keycloak.admin().updateClient(REALM, "demo-api", client -> {
                    client.set("rootUrl", shipped.path("rootUrl"));
                    client.withObjectProperty("attributes")
                            .set(PUSH_ENDPOINT, shipped.path("attributes").path(PUSH_ENDPOINT));
                });
            }
            String apiLog = api.output();
            System.out.println("--- the demo agent's report (exit " + exit + ") ---\n" + report
                    + "--- demo-api's log ---\n" + apiLog);
            String context = " (the agent's report and the API's log are printed above)";

            // Discovery from the API's URL alone (RFC 9728): the realm, the audience, the scopes.
            assertThat(step(report, 1))
                    .as(context)
                    .contains("resource       " + apiUrl + " (Demo API)")
                    .contains("audience       demo-api")
                    .contains("scope          calendar.read calendar.write")
                    .contains("issuer         " + issuer);
            // Up to the revocation: each step is the premise of the next.
            String grantId = find(step(report, 2), "grant_id\\s+(\\S+)", context);
            assertThat(step(report, 4)).as(context).contains(" approved").contains("token_type     DPoP");
            assertThat(step(report, 5)).as(context).contains("status         200");
            JsonNode answer = JSON.readTree(step(report, 5).replaceFirst("(?s)^.*?status\\s+200\\s*\n", ""));
            String alice = keycloak.admin()
                    .getJson("/realms/" + REALM + "/users?exact=true&username=alice")
                    .get(0)
                    .path("id")
                    .asText();
            assertThat(answer.path("sub").asText()).as(context).isEqualTo(alice);
            assertThat(answer.path("act").path("client_id").asText()).isEqualTo("demo-agent");
            assertThat(answer.path("act").path("sub").asText())
                    .isEqualTo(serviceAccountOf(keycloak.admin(), "demo-agent"));
            assertThat(answer.path("scope").asText()).isEqualTo("calendar.read calendar.write");
            assertThat(answer.path("grant_id").asText()).isEqualTo(grantId);
            assertThat(answer.path("attestation").path("sources").toString())
                    .isEqualTo("[\"spire\",\"k8s\",\"build\",\"runtime\"]");
            // The demo policy's code-integrity rule held: the runtime attester saw the provenance's subject running.
            assertThat(answer.path("attestation")
                            .path("facts")
                            .path("runtime.code_digest")
                            .asText())
                    .as(context)
                    .startsWith("sha256:")
                    .isEqualTo(answer.path("attestation")
                            .path("facts")
                            .path("build.subject_digests")
                            .asText());
            assertThat(answer.path("attestation")
                            .path("facts")
                            .path("spire.spiffe_id")
                            .asText())
                    .isEqualTo("spiffe://example.org/agents/demo");
            assertThat(answer.path("attestation")
                            .path("facts")
                            .path("k8s.namespace")
                            .asText())
                    .isEqualTo("agents");
            assertThat(answer.path("attestation")
                            .path("facts")
                            .path("build.source_repository")
                            .asText())
                    .isEqualTo("https://github.com/acme/agent");
            assertThat(step(report, 6)).as(context).contains("active         true");

            // The hand-over: the sub-agent's own exchange of the agent's token, its call, its token's nested act.
            String helper = serviceAccountOf(keycloak.admin(), "demo-calendar-helper");
            String agentAccount = serviceAccountOf(keycloak.admin(), "demo-agent");
            assertThat(step(report, 7))
                    .as(context)
                    .contains("as demo-calendar-helper -> 200")
                    .contains("token_type     DPoP")
                    .contains("scope          calendar.read\n");
            String helperKey = find(step(report, 7), "jkt (\\S+)\\)", context);
            assertThat(step(report, 8)).as(context).contains("status         200");
            JsonNode hop = JSON.readTree(step(report, 8).replaceFirst("(?s)^.*?status\\s+200\\s*\n", ""));
            assertThat(hop.path("sub").asText()).as(context).isEqualTo(alice);
            assertThat(hop.path("act").path("client_id").asText()).isEqualTo("demo-calendar-helper");
            assertThat(hop.path("act").path("sub").asText()).isEqualTo(helper);
            assertThat(hop.path("act").path("act").path("client_id").asText()).isEqualTo("demo-agent");
            assertThat(hop.path("act").path("act").path("sub").asText()).isEqualTo(agentAccount);
            assertThat(hop.path("delegation_hops").asInt()).isEqualTo(1);
            assertThat(hop.path("scope").asText()).isEqualTo("calendar.read");
            assertThat(hop.path("grant_id").asText()).isEqualTo(grantId);
            // The sub-agent's own evidence, verified against its own policy.
            assertThat(hop.path("attestation").path("sources").toString()).isEqualTo("[\"spire\",\"k8s\"]");
            assertThat(hop.path("attestation")
                            .path("facts")
                            .path("spire.spiffe_id")
                            .asText())
                    .isEqualTo("spiffe://example.org/agents/calendar-helper");
            assertThat(hop.path("attestation")
                            .path("facts")
                            .path("k8s.service_account")
                            .asText())
                    .isEqualTo("demo-calendar-helper");
            assertThat(step(report, 9))
                    .as(context)
                    .contains("active         true")
                    .contains("client_id      demo-calendar-helper")
                    .contains("delegation_hops 1")
                    .contains("cnf            {\"jkt\":\"" + helperKey + "\"}");
            assertThat(helperKey)
                    .as("the sub-agent's key is not the agent's")
                    .isNotEqualTo(find(step(report, 6), "\"jkt\":\"([^\"]+)\"", context));
            assertThat(step(report, 10)).as(context).contains("status         REVOKED");

            // After the revocation: every refusal is reported, not only the first one missing.
            SoftAssertions after = new SoftAssertions();
            after.assertThat(step(report, 11))
                    .as("step 11, introspection of both tokens after the revocation" + context)
                    .contains("active         false (demo-agent's token)")
                    .contains("active         false (demo-calendar-helper's token)");
            after.assertThat(step(report, 12))
                    .as("step 12, exchange and hand-over after the revocation" + context)
                    .contains("status         400 invalid_grant (The task grant was revoked) (the grant)")
                    .contains("status         400 invalid_grant (The subject token is not an active task token)"
                            + " (demo-agent's token)");
            after.assertThat(step(report, 13))
                    .as("step 13, demo-api after the revocation" + context)
                    .containsPattern("status         401 invalid_token .*\\(demo-agent's token\\)")
                    .containsPattern("status         401 invalid_token .*\\(demo-calendar-helper's token\\)");
            // demo-api kept the introspection answers of steps 5 and 8; the realm's push about the revoked grant
            // dropped them (RFC 8935, CAEP session-revoked), so step 13 asked introspection again.
            after.assertThat(apiLog)
                    .as("demo-api's log" + context)
                    .containsPattern("GET /calendar -> 200 sub=" + alice
                            + " \\([^)]*\\) act=\\{[^}]*\"client_id\":\"demo-agent\"\\}")
                    .containsPattern("GET /calendar -> 200 sub=" + alice
                            + " \\([^)]*\\) act=\\{[^{]*\"client_id\":\"demo-calendar-helper\",\"act\":\\{[^}]*"
                            + "\"client_id\":\"demo-agent\"\\}\\} delegation_hops=1 scope=\"calendar.read\"")
                    .contains("POST /ssf/events -> 202 session-revoked of grant " + grantId
                            + " (initiated by system, revoked_by_agent): dropped 2 cached introspection answers")
                    .contains("GET /calendar -> 401 invalid_token: the token is not active (token introspection)");
            after.assertThat(exit).as("the agent's exit code" + context).isZero();

            JsonNode grant = keycloak.admin().getJson("/realms/" + REALM + "/agent-grant/grants/" + grantId);
            after.assertThat(grant.path("status").asText()).isEqualTo("REVOKED");
            // The sub-agent's hop took a use of the grant, as the agent's own exchange did.
            after.assertThat(grant.path("uses").asInt()).isEqualTo(2);
            after.assertThat(grant.path("user_id").asText()).isEqualTo(alice);
            List<String> actions = new ArrayList<>();
            grant.path("audit")
                    .forEach(record -> actions.add(record.path("action").asText()));
            after.assertThat(actions)
                    .as("audit trail of " + grantId)
                    .containsSubsequence("requested", "token_issued", "token_issued", "revoked", "token_refused");

            // The demo realm saves events, so the walkthrough's "see it in the admin console" holds: the request, the
            // approval, the token and the revocation are user events of the grant; no poll while alice had not decided.
            JsonNode events = keycloak.admin().getJson("/realms/" + REALM + "/events?max=500");
            List<String> ofGrant = new ArrayList<>();
            events.forEach(event -> {
                if (grantId.equals(event.path("details").path("grant_id").asText())) {
                    ofGrant.add(event.path("type").asText());
                }
            });
            after.assertThat(ofGrant)
                    .as("saved user events of " + grantId)
                    .contains("OAUTH2_DEVICE_AUTH", "GRANT_CONSENT", "TOKEN_EXCHANGE", "REVOKE_GRANT");
            after.assertThat(events.findValuesAsText("error"))
                    .as("saved user event errors")
                    .doesNotContain("authorization_pending");
            JsonNode config = keycloak.admin().getJson("/realms/" + REALM + "/events/config");
            after.assertThat(config.path("eventsEnabled").asBoolean()).isTrue();
            after.assertThat(config.path("adminEventsEnabled").asBoolean()).isTrue();
            after.assertThat(config.path("adminEventsDetailsEnabled").asBoolean())
                    .isTrue();
            after.assertAll();
        }
    }

    /** alice signs in with password and one-time code, and approves the task as the agent asked for it. */
    private static void approveAsAlice(Browser browser, String link) throws InterruptedException {
        browser.open(link);
        browser.fill("username", "alice").fill("password", "alice").click("#kc-login");
        browser.fill("otp", Totp.unused(ALICE_TOTP_SECRET)).click("#kc-login");
        if (!reachedConsent(browser)) {
            // Another test may have used this 30-second code already (Keycloak takes each code once). The next step's
            // code is within Keycloak's look-around window; the pause keeps clear of brute-force quick-retry detection.
            Thread.sleep(1_500);
            browser.fill("otp", Totp.unused(ALICE_TOTP_SECRET)).click("#kc-login");
            assertThat(reachedConsent(browser))
                    .as("the consent page after a second code")
                    .isTrue();
        }
        // The summary of the verified facts: the code running is the build the provenance describes.
        assertThat(browser.pageText()).contains("Running code matches the build from github.com/acme/agent.");
        // The sub-agent demo-agent's profile names, by its client name, ticked: alice lets the task be handed to it.
        assertThat(browser.pageText()).contains("May hand this task to").contains("Calendar helper");
        assertThat(browser.script("return document.querySelector("
                        + "'input[name=\"delegate\"][value=\"demo-calendar-helper\"]').checked"))
                .as("the sub-agent's checkbox, ticked by default")
                .isEqualTo(Boolean.TRUE);
        browser.click("#agent-grant-approve");
        ApprovalBrowserIT.waitForResult(browser, "approved");
    }

    /** True once the consent page shows, false if Keycloak refused the one-time code. */
    private static boolean reachedConsent(Browser browser) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (browser.pageSource().contains("id=\"agent-grant-approve\"")) {
                return true;
            }
            if (browser.pageText().contains("Invalid authenticator code")) {
                return false;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "Neither the consent page nor a refused code at " + browser.currentUrl() + ":\n" + browser.pageText());
    }

    private static String serviceAccountOf(AdminApi admin, String clientId) {
        String id = admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId)
                .get(0)
                .path("id")
                .asText();
        return admin.getJson("/realms/" + REALM + "/clients/" + id + "/service-account-user")
                .path("id")
                .asText();
    }

    /** Step {@code n} of the agent's report: from its "n. " heading to the next heading or the closing lines. */
    private static String step(String report, int n) {
        Matcher matcher = Pattern.compile("(?ms)^" + n + "\\. .*?(?=^\\d+\\. |^Done|^The round|\\z)")
                .matcher(report);
        assertThat(matcher.find())
                .as("step " + n + " in the agent's report:\n" + report)
                .isTrue();
        return matcher.group();
    }

    private static String find(String text, String regex, String context) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + context).isTrue();
        return matcher.group(1);
    }
}
