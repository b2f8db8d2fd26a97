package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Http;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The extension's endpoints other than the exchange, asked once through each node while the database is down: an
 * agent's grant request, its status poll of a grant, and the approval page a person opens with a user code. Each
 * must say "later" — 503 with {@code Retry-After}, for an agent an RFC 6749 §5.2 {@code temporarily_unavailable}
 * object, for a person a page — and show no internals.
 */
final class OutageProbes {

    /** A user code of the RFC 8628 §6.1 alphabet that names no request: the page must look it up. */
    private static final String SOME_USER_CODE = "BCDFGHJK";

    /** One probe's answer. */
    record Probe(String node, String what, int status, String retryAfter, String contentType, String body) {

        boolean expected() {
            if (status != 503 || retryAfter == null || AnswerKind.of(status, body) == AnswerKind.LEAK) {
                return false;
            }
            return contentType.startsWith("text/html")
                    || AnswerKind.label(status, body).equals("503 temporarily_unavailable");
        }

        @Override
        public String toString() {
            String answer = status < 0
                    ? "no answer"
                    : contentType.startsWith("text/html") ? status + " page" : AnswerKind.label(status, body);
            return node + " " + what + ": " + answer + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")");
        }
    }

    private OutageProbes() {}

    static List<Probe> send(List<ChaosCluster.Node> nodes, AgentGrantFixture agent, String grantId) {
        List<Probe> probes = new ArrayList<>();
        for (ChaosCluster.Node node : nodes) {
            Http http = new Http(node.baseUri());
            probes.add(probe(node, "grant request", () -> agent.request(http, agent.form(Map.of()))));
            probes.add(probe(
                    node,
                    "status poll",
                    () -> http.get(agent.endpoint("grants/" + grantId), "Authorization", agent.basicAuth())));
            probes.add(probe(
                    node,
                    "approval page",
                    () -> http.get(agent.endpoint("verify?user_code=" + SOME_USER_CODE), "Accept", "text/html")));
        }
        return probes;
    }

    private static Probe probe(ChaosCluster.Node node, String what, Supplier<Http.Response> call) {
        try {
            Http.Response response = call.get();
            String type = response.header("Content-Type");
            return new Probe(
                    node.name(),
                    what,
                    response.status(),
                    response.header("Retry-After"),
                    type == null ? "" : type,
                    response.body());
        } catch (UncheckedIOException e) {
            return new Probe(node.name(), what, -1, null, "", e.toString());
        }
    }
}
