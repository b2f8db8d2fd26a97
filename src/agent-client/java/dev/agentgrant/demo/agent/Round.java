package dev.agentgrant.demo.agent;

import static dev.agentgrant.demo.agent.AgentCalls.number;
import static dev.agentgrant.demo.agent.AgentCalls.object;
import static dev.agentgrant.demo.agent.AgentCalls.text;

import dev.agentgrant.demo.client.Answer;
import dev.agentgrant.demo.client.Forms;
import dev.agentgrant.demo.client.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        report.step("Discover the resource and its realm (RFC 9728)");
        discovered = new Discovery(calls, settings, report).run();
        calls.discovered(discovered);
        Map<?, ?> grant = request();
        String grantId = text(grant, "grant_id");
        askThePerson(grant);

        report.step("Wait for the decision: the token exchange answers authorization_pending until then");
        report.detail("resource", discovered.resource() + " (RFC 8707, the granted audience's URI)");
        Map<?, ?> tokens = new TokenPoller(calls, report.out())
                .awaitToken(grantId, number(grant, "interval"), number(grant, "expires_in"));
        String accessToken = text(tokens, "access_token");
        report.detail("token_type", tokens.get("token_type") + " (bound to the instance key: RFC 9449)");
        report.detail("expires_in", tokens.get("expires_in") + " s");
        report.detail("scope", String.valueOf(tokens.get("scope")));
        report.detail("refresh_token", tokens.containsKey("refresh_token") ? "yes" : "none");

        int firstCall = useTheToken(accessToken);
        List<Held> held = new ArrayList<>();
        held.add(new Held(settings.get("client") + "'s token", accessToken, evidence, firstCall));
        SubAgentEvidence subAgent = null;
        if (!settings.get("sub-agent").isEmpty()) {
            subAgent = new SubAgentEvidence(Path.of(settings.get("evidence-dir")), settings.get("sub-agent"));
            String hopToken = handOver(accessToken, subAgent);
            int subAgentCall = subAgentUsesIt(hopToken, subAgent);
            held.add(new Held(settings.get("sub-agent") + "'s token", hopToken, subAgent, subAgentCall));
        }
        revoke(grantId);
        showTheRefusals(grantId, held, subAgent);
        return report.finish(
                subAgent == null
                        ? "the grant worked once for one task, and nothing works after its revocation."
                        : "the grant worked for one task, also in the hands of the sub-agent it was handed to,"
                                + " and nothing works after its revocation.");
    }

    /** A token the round holds, the workload whose key it is bound to, and the step that first called the API with it. */
    private record Held(String name, String token, Workload holder, int firstCall) {}

    private Map<?, ?> request() {
        report.step("Attest and ask for a task grant");
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
        report.step("Ask the person");
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

    /** Steps 5 and 6; the number of the step that called demo-api. */
    private int useTheToken(String accessToken) {
        int call = report.step("Call demo-api with the token: GET " + settings.get("api"));
        Answer api = calls.callApi(accessToken);
        report.detail("status", String.valueOf(api.status()));
        report.indented(api.json() == null ? api.body() : Json.pretty(api.json()));
        report.expect(api.status() == 200, "demo-api answered " + api.status() + ", not 200, to a fresh token");

        report.step("Introspect the token, as demo-api would (RFC 7662)");
        Map<?, ?> active = calls.introspect(accessToken);
        show(
                active,
                List.of("active", "username", "sub", "client_id", "scope", "token_type", "cnf", "act", "grant_id"));
        report.expect(
                Boolean.TRUE.equals(active.get("active")),
                "introspection said active " + active.get("active") + " for a fresh token");
        return call;
    }

    /**
     * The agent hands its task to the sub-agent (docs/wire-contract.md, "Sub-agent chains"): the sub-agent, with its
     * own evidence and its own instance key, exchanges the agent's token for one of its own, for fewer scopes
     * (RFC 8693 §2.1, the parent's token as subject_token). The agent's token is bound to the agent's key, which the
     * sub-agent does not hold: the token itself says the agent handed the task over, and the new one is bound to the
     * sub-agent's key.
     */
    private String handOver(String parentToken, SubAgentEvidence subAgent) {
        String name = settings.get("sub-agent");
        report.step("Hand the task to the sub-agent " + name + ": it exchanges " + settings.get("client")
                + "'s token (RFC 8693)");
        report.detail("instance key", name + "'s own, made when it started (jkt " + subAgent.thumbprint() + ")");
        report.detail("evidence", "spire    JWT-SVID of " + SubAgentEvidence.SPIFFE_ID);
        report.detail(
                "",
                "k8s      service-account token of system:serviceaccount:" + AgentEvidence.NAMESPACE + ":"
                        + SubAgentEvidence.SERVICE_ACCOUNT);
        report.detail("subject_token", settings.get("client") + "'s token (" + AgentCalls.ACCESS_TOKEN_TYPE + ")");
        String scope = settings.get("sub-agent-scope");
        report.detail("scope asked", scope.isEmpty() ? "(all of the token's)" : scope);
        Answer answer = calls.handOver(parentToken, subAgent, scope);
        report.detail("POST", discovered.tokenEndpoint() + " as " + name + " -> " + answer.status());
        Map<?, ?> tokens = object(answer, 200, "the sub-agent's token exchange");
        report.detail("token_type", tokens.get("token_type") + " (bound to " + name + "'s key)");
        report.detail("expires_in", tokens.get("expires_in") + " s");
        report.detail("scope", String.valueOf(tokens.get("scope")));
        report.detail("refresh_token", tokens.containsKey("refresh_token") ? "yes" : "none");
        if (!scope.isEmpty()) {
            report.expect(
                    scope.equals(tokens.get("scope")),
                    "the sub-agent's token has the scope " + tokens.get("scope") + ", not " + scope);
        }
        return text(tokens, "access_token");
    }

    /** The sub-agent calls demo-api with its token and a proof by its own key, then introspection shows the chain. */
    private int subAgentUsesIt(String hopToken, SubAgentEvidence subAgent) {
        String name = settings.get("sub-agent");
        int call = report.step("The sub-agent calls demo-api with its token: GET " + settings.get("api"));
        Answer api = calls.callApi(hopToken, subAgent);
        report.detail("status", String.valueOf(api.status()));
        report.indented(api.json() == null ? api.body() : Json.pretty(api.json()));
        report.expect(
                api.status() == 200, "demo-api answered " + api.status() + ", not 200, to the sub-agent's fresh token");

        report.step("Introspect the sub-agent's token (RFC 7662): act names the sub-agent, the agent nested inside");
        Map<?, ?> active = calls.introspect(hopToken);
        show(
                active,
                List.of(
                        "active",
                        "username",
                        "client_id",
                        "scope",
                        "token_type",
                        "cnf",
                        "act",
                        "delegation_hops",
                        "grant_id"));
        report.expect(
                Boolean.TRUE.equals(active.get("active")),
                "introspection said active " + active.get("active") + " for the sub-agent's fresh token");
        Object act = active.get("act");
        Object outer = act instanceof Map<?, ?> actor ? actor.get("client_id") : null;
        Object inner = act instanceof Map<?, ?> actor && actor.get("act") instanceof Map<?, ?> parent
                ? parent.get("client_id")
                : null;
        report.expect(
                name.equals(outer) && settings.get("client").equals(inner),
                "act of the sub-agent's token is " + Json.compact(act) + ", not " + name + " with "
                        + settings.get("client") + " inside");
        report.expect(
                active.get("delegation_hops") instanceof Number hops && hops.intValue() == 1,
                "delegation_hops of the sub-agent's token is " + active.get("delegation_hops") + ", not 1");
        report.expect(
                active.get("cnf") instanceof Map<?, ?> cnf
                        && subAgent.thumbprint().equals(cnf.get("jkt")),
                "the sub-agent's token is bound to " + Json.compact(active.get("cnf")) + ", not to its own key");
        return call;
    }

    private void show(Map<?, ?> introspected, List<String> members) {
        for (String member : members) {
            if (introspected.containsKey(member)) {
                Object value = introspected.get(member);
                report.detail(member, value instanceof String text ? text : Json.compact(value));
            }
        }
    }

    private void revoke(String grantId) {
        report.step("Revoke the grant: POST " + discovered.agentGrantEndpoint() + "/grants/{id}/revoke");
        Map<?, ?> revoked = object(
                calls.postAsAgent(
                        discovered.agentGrantEndpoint() + "/grants/" + Forms.encode(grantId) + "/revoke", Map.of()),
                200,
                "the revocation");
        report.detail("status", String.valueOf(revoked.get("status")));
        report.expect(
                "REVOKED".equals(revoked.get("status")), "the grant is " + revoked.get("status") + " after revocation");
    }

    private void showTheRefusals(String grantId, List<Held> held, SubAgentEvidence subAgent)
            throws InterruptedException {
        boolean one = held.size() == 1;
        report.step(one ? "Introspect the same token again" : "Introspect the same tokens again");
        for (Held token : held) {
            Map<?, ?> after = calls.introspect(token.token());
            report.detail("active", after.get("active") + (one ? "" : " (" + token.name() + ")"));
            report.expect(
                    Boolean.FALSE.equals(after.get("active")),
                    "introspection still says active " + after.get("active") + " for "
                            + (one ? "a token" : token.name()) + " of a revoked grant");
        }

        report.step(subAgent == null ? "Exchange the grant again" : "Exchange the grant and hand the task over again");
        Answer again = calls.exchange(grantId);
        report.detail("status", again.status() + " " + again.describe() + (one ? "" : " (the grant)"));
        report.expect(
                again.status() == 400 && "invalid_grant".equals(again.error()),
                "the exchange of a revoked grant answered " + again.status() + " " + again.error()
                        + ", not 400 invalid_grant");
        if (subAgent != null) {
            Answer handOver = calls.handOver(held.get(0).token(), subAgent, settings.get("sub-agent-scope"));
            report.detail(
                    "status",
                    handOver.status() + " " + handOver.describe() + " ("
                            + held.get(0).name() + ")");
            report.expect(
                    handOver.status() == 400 && "invalid_grant".equals(handOver.error()),
                    "the hand-over of a token of a revoked grant answered " + handOver.status() + " " + handOver.error()
                            + ", not 400 invalid_grant");
        }

        report.step(one ? "Call demo-api again with the same token" : "Call demo-api again with the same tokens");
        for (Held token : held) {
            refusedByTheApi(token, one ? "" : " (" + token.name() + ")", one ? "a token" : token.name());
        }
    }

    private void refusedByTheApi(Held token, String whose, String what) throws InterruptedException {
        long first = System.nanoTime();
        Answer refused = calls.callApi(token.token(), token.holder());
        if (refused.status() == 200) {
            // demo-api keeps introspection answers and hears of a revocation by the realm's push (RFC 8935), which
            // comes a moment after the revocation: call again, each time with a fresh proof, until it has.
            report.detail(
                    "status",
                    "200 (demo-api still keeps the answer of step " + token.firstCall()
                            + " until the realm's push reaches it)" + whose);
            long deadline = first + PUSH_WAIT.toNanos();
            while (refused.status() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(PUSH_RETRY.toMillis());
                refused = calls.callApi(token.token(), token.holder());
            }
            report.detail(
                    "status",
                    refused.status() + " " + refused.describe() + ", "
                            + String.format(
                                    Locale.ROOT,
                                    "%.1f s after the first call",
                                    (System.nanoTime() - first) / 1_000_000_000.0)
                            + whose);
        } else {
            report.detail("status", refused.status() + " " + refused.describe() + whose);
        }
        report.expect(
                refused.status() == 401,
                "demo-api answered " + refused.status() + ", not 401, to " + what + " of a revoked grant");
    }
}
