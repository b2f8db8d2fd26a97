package dev.agentgrant.demo.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentgrant.demo.client.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /calendar}: the guard's refusal, or what introspection said about the caller, and a log line for each.
 * Every challenge names the API's metadata (RFC 9728 §5.1), so a client that knows only this URL finds the realm.
 */
final class CalendarHandler implements HttpHandler {

    static final String RESOURCE_PATH = "/calendar";

    private final Guard guard;
    private final String metadataUrl;
    private final PrintStream log;

    CalendarHandler(Guard guard, String metadataUrl, PrintStream log) {
        this.guard = guard;
        this.metadataUrl = metadataUrl;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(RESOURCE_PATH)) {
                reply(exchange, 404, Json.compact(Map.of("error", "not_found")), null);
                return;
            }
            if (!method.equals("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                reply(exchange, 405, Json.compact(Map.of("error", "method_not_allowed")), null);
                return;
            }
            Outcome outcome = guard.check(
                    method,
                    exchange.getRequestHeaders().getOrDefault("Authorization", List.of()),
                    exchange.getRequestHeaders().getOrDefault("DPoP", List.of()));
            if (outcome instanceof Outcome.Refused refused) {
                log.println("GET " + RESOURCE_PATH + " -> " + refused.status() + " " + refused.error() + ": "
                        + refused.description());
                reply(
                        exchange,
                        refused.status(),
                        Json.compact(Json.map("error", refused.error(), "error_description", refused.description())),
                        refused.challenge());
                return;
            }
            Outcome.Accepted accepted = (Outcome.Accepted) outcome;
            Map<String, Object> said = accepted.introspection();
            // RFC 8693 §4.1: the outermost act is the agent calling now; a nested act is the agent that handed it the
            // task (docs/wire-contract.md, "Sub-agent chains"), not one that may act here.
            boolean handedOver = said.get("act") instanceof Map<?, ?> act && act.get("act") != null;
            Map<String, Object> answer = Json.map(
                    "message",
                    handedOver
                            ? "calendar read allowed: the agent in act acts for the person in sub, on a task the"
                                    + " agent in act.act handed to it"
                            : "calendar read allowed: the agent in act acts for the person in sub",
                    "sub",
                    said.get("sub"),
                    "username",
                    said.get("username"),
                    "act",
                    said.get("act"));
            if (said.get("delegation_hops") != null) {
                answer.put("delegation_hops", said.get("delegation_hops"));
            }
            answer.put("scope", said.get("scope"));
            answer.put("grant_id", said.get("grant_id"));
            answer.put("attestation", said.get("attestation"));
            log.println("GET " + RESOURCE_PATH + " -> 200 sub=" + said.get("sub") + " (" + said.get("username")
                    + ") act=" + Json.compact(said.get("act"))
                    + (said.get("delegation_hops") == null ? "" : " delegation_hops=" + said.get("delegation_hops"))
                    + " scope=\"" + said.get("scope") + "\" grant_id=" + said.get("grant_id")
                    + (accepted.cachedAgeSeconds() < 0
                            ? ""
                            : " (introspection answer kept " + accepted.cachedAgeSeconds() + " s ago)"));
            reply(exchange, 200, Json.pretty(answer), null);
        } catch (RuntimeException e) {
            log.println("GET " + RESOURCE_PATH + " -> 500 " + e);
            throw e;
        }
    }

    private void reply(HttpExchange exchange, int status, String json, String challenge) throws IOException {
        if (challenge == null) {
            Replies.json(exchange, status, json, "no-store");
        } else {
            // RFC 9728 §5.1: resource_metadata, a quoted URL (no '"' or '\\' in it: it is this API's own).
            Replies.json(
                    exchange,
                    status,
                    json,
                    "no-store",
                    "WWW-Authenticate",
                    challenge + ", resource_metadata=\"" + metadataUrl + "\"");
        }
    }
}
