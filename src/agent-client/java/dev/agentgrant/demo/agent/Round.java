package dev.agentgrant.demo.agent;

import static dev.agentgrant.demo.agent.AgentCalls.number;
import static dev.agentgrant.demo.agent.AgentCalls.object;
import static dev.agentgrant.demo.agent.AgentCalls.text;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One whole round of a task grant, step by step as docs/walkthrough.md describes it. */
final class Round {

    /** How long a resource server that keeps introspection answers may take to hear of a revocation by push. */
    static final Duration PUSH_WAIT = Duration.ofSeconds(10);

    static final Duration PUSH_RETRY = Duration.ofMillis(250);

    private final Map<String, String> settings;
    private final AgentEvidence evidence;
    private final AgentCalls calls;
    private final Report report;
    private Discovery.Discovered discovered;

    Round(Map<String, String> settings, AgentEvidence evidence, Report report) {
        this.settings = settings;
        this.evidence = evidence;
        this.calls = new AgentCalls(settings, evidence);
        this.report = report;
    }

    int run() throws InterruptedException {
        report.out()
                .println("Agent Grant demo agent: " + settings.get("client") + ", a task for " + settings.get("api"));
        report.step(1, "Discover the resource and its realm (RFC 9728)");
        discovered = new Discovery(calls, settings, report).run();
        calls.discovered(discovered);
        Map<?, ?> grant = request();
        String grantId = text(grant, "grant_id");
        askThePerson(grant);

        report.step(4, "Wait for the decision: the token exchange answers authorization_pending until then");
        report.detail("resource", discovered.resource() + " (RFC 8707, the granted audience's URI)");
        Map<?, ?> tokens = new TokenPoller(calls, report.out())
                .awaitToken(grantId, number(grant, "interval"), number(grant, "expires_in"));
        String accessToken = text(tokens, "access_token");
        report.detail("token_type", tokens.get("token_type") + " (bound to the instance key: RFC 9449)");
        report.detail("expires_in", tokens.get("expires_in") + " s");
        report.detail("scope", String.valueOf(tokens.get("scope")));
        report.detail("refresh_token", tokens.containsKey("refresh_token") ? "yes" : "none");

        useTheToken(accessToken);
        revoke(grantId);
        showTheRefusals(grantId, accessToken);
        return report.finish();
    }

    private Map<?, ?> request() {
        report.step(2, "Attest and ask for a task grant");
        report.detail("evidence", "spire    JWT-SVID of " + AgentEvidence.SPIFFE_ID);
        report.detail(
                "",
                "k8s      service-account token of system:serviceaccount:" + AgentEvidence.NAMESPACE + ":"
                        + AgentEvidence.SERVICE_ACCOUNT);
        report.detail("", "build    SLSA provenance of " + evidence.artifact().name() + " (" + evidence.digest() + ")");
        report.detail(
                "",
                "runtime  runtime attester's token: " + AgentEvidence.NAMESPACE + "/" + evidence.pod() + " runs "
                        + evidence.artifact().name() + " (" + evidence.digest() + ")");
        Map<String, String> request = new LinkedHashMap<>();
        request.put("audience", discovered.audience());
        request.put("scope", discovered.scope());
        request.put("purpose", settings.get("purpose"));
        if (!settings.get("login-hint").isEmpty()) {
            request.put("login_hint", settings.get("login-hint"));
        }
        request.put("actor_token", calls.presentation());
        request.put("actor_token_type", AgentCalls.ATTESTATION_TYPE);
        Answer created = calls.postAsAgent(discovered.agentGrantEndpoint() + "/requests", request);
        report.detail("POST", discovered.agentGrantEndpoint() + "/requests -> " + created.status());
        Map<?, ?> grant = object(created, 201, "the grant request");
        report.detail("grant_id", text(grant, "grant_id"));
        report.detail("user_code", text(grant, "user_code"));
        report.detail("expires_in", grant.get("expires_in") + " s, poll every " + grant.get("interval") + " s");
        return grant;
    }

    private void askThePerson(Map<?, ?> grant) {
        report.step(3, "Ask the person");
        String hint = settings.get("login-hint");
        report.out()
                .println("   Open this link, sign in" + (hint.isEmpty() ? "" : " as " + hint)
                        + " and approve the task:");
        report.out().println();
        report.out().println("     " + text(grant, "verification_uri_complete"));
        report.out().println();
        report.out()
                .println("   (or enter the code " + text(grant, "user_code") + " at " + text(grant, "verification_uri")
                        + ")");
    }

    private void useTheToken(String accessToken) {
        report.step(5, "Call demo-api with the token: GET " + settings.get("api"));
        Answer api = calls.callApi(accessToken);
        report.detail("status", String.valueOf(api.status()));
        report.indented(api.json() == null ? api.body() : Json.pretty(api.json()));
        report.expect(api.status() == 200, "demo-api answered " + api.status() + ", not 200, to a fresh token");

        report.step(6, "Introspect the token, as demo-api would (RFC 7662)");
        Map<?, ?> active = calls.introspect(accessToken);
        for (String member :
                List.of("active", "username", "sub", "client_id", "scope", "token_type", "cnf", "act", "grant_id")) {
            if (active.containsKey(member)) {
                Object value = active.get(member);
                report.detail(member, value instanceof String text ? text : Json.compact(value));
            }
        }
        report.expect(
                Boolean.TRUE.equals(active.get("active")),
                "introspection said active " + active.get("active") + " for a fresh token");
    }

    private void revoke(String grantId) {
        report.step(7, "Revoke the grant: POST " + discovered.agentGrantEndpoint() + "/grants/{id}/revoke");
        Map<?, ?> revoked = object(
                calls.postAsAgent(
                        discovered.agentGrantEndpoint() + "/grants/" + Forms.encode(grantId) + "/revoke", Map.of()),
                200,
                "the revocation");
        report.detail("status", String.valueOf(revoked.get("status")));
        report.expect(
                "REVOKED".equals(revoked.get("status")), "the grant is " + revoked.get("status") + " after revocation");
    }

    private void showTheRefusals(String grantId, String accessToken) throws InterruptedException {
        report.step(8, "Introspect the same token again");
        Map<?, ?> after = calls.introspect(accessToken);
        report.detail("active", String.valueOf(after.get("active")));
        report.expect(
                Boolean.FALSE.equals(after.get("active")),
                "introspection still says active " + after.get("active") + " for a token of a revoked grant");

        report.step(9, "Exchange the grant again");
        Answer again = calls.exchange(grantId);
        report.detail("status", again.status() + " " + again.describe());
        report.expect(
                again.status() == 400 && "invalid_grant".equals(again.error()),
                "the exchange of a revoked grant answered " + again.status() + " " + again.error()
                        + ", not 400 invalid_grant");

        report.step(10, "Call demo-api again with the same token");
        long first = System.nanoTime();
        Answer refused = calls.callApi(accessToken);
        if (refused.status() == 200) {
            // demo-api keeps introspection answers and hears of a revocation by the realm's push (RFC 8935), which
            // comes a moment after the revocation: call again, each time with a fresh proof, until it has.
            report.detail(
                    "status", "200 (demo-api still keeps the answer of step 5 until the realm's push reaches it)");
            long deadline = first + PUSH_WAIT.toNanos();
            while (refused.status() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(PUSH_RETRY.toMillis());
                refused = calls.callApi(accessToken);
            }
            report.detail(
                    "status",
                    refused.status() + " " + refused.describe() + ", "
                            + String.format(
                                    Locale.ROOT,
                                    "%.1f s after the first call",
                                    (System.nanoTime() - first) / 1_000_000_000.0));
        } else {
            report.detail("status", refused.status() + " " + refused.describe());
        }
        report.expect(
                refused.status() == 401,
                "demo-api answered " + refused.status() + ", not 401, to a token of a revoked grant");
    }
}
