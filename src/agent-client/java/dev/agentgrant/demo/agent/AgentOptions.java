package dev.agentgrant.demo.agent;

import dev.agentgrant.demo.client.Forms;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo agent's options, each with its default; the order is the order of --help. Options without a default are
 * discovered from the resource server's metadata (RFC 9728) unless given: a given value overrides what the metadata
 * says, and is absent from the parsed settings otherwise.
 */
final class AgentOptions {

    static final String USAGE_LINE =
            "Usage: java -jar target/agent-grant-demo-tools.jar agent [options]   (from the project root)\n";

    static final String DISCOVERED = "from the API's metadata";

    /** What --url and --realm default to when only the other one is given. */
    static final String DEFAULT_URL = "http://localhost:8080";

    static final String DEFAULT_REALM = "agent-grant-demo";

    /** Option → {default or null for discovered, help}. */
    static final Map<String, String[]> OPTIONS = options(
            "api",
            "http://localhost:8090/calendar",
            "the resource the task is for, the demo tools' api (its URL is all the agent needs)",
            "url",
            null,
            "Keycloak's base URL, overriding the API's metadata (" + DEFAULT_URL + " when only --realm is given)",
            "realm",
            null,
            "the realm, overriding the API's metadata (" + DEFAULT_REALM + " when only --url is given)",
            "client",
            "demo-agent",
            "the agent's client_id",
            "secret",
            "demo-agent-secret",
            "the agent's client secret",
            "audience",
            null,
            "the client the task may reach",
            "scope",
            null,
            "the scopes the task asks for",
            "purpose",
            "Read the team calendar and plan the offsite",
            "the task in the agent's words",
            "login-hint",
            "alice",
            "the person expected to approve ('' for anyone)",
            "sub-agent",
            "demo-calendar-helper",
            "the sub-agent the agent hands the task to, by exchanging its token ('' for none)",
            "sub-agent-secret",
            "demo-calendar-helper-secret",
            "the sub-agent's client secret",
            "sub-agent-scope",
            "calendar.read",
            "the scopes the sub-agent asks for of the task's ('' for all of them)",
            "api-client",
            null,
            "the resource server's client_id, to show token introspection",
            "api-secret",
            "demo-api-secret",
            "its client secret",
            "evidence-dir",
            "realm-exports/demo-evidence",
            "the demo keys the realm trusts");

    private AgentOptions() {}

    private static Map<String, String[]> options(String... triples) {
        Map<String, String[]> options = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            options.put(triples[i], new String[] {triples[i + 1], triples[i + 2]});
        }
        return options;
    }

    /** Every option with its value or default (discovered options only when given); {@code help} when asked for. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                given.put("help", "");
                continue;
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            if (given.put(name, args[++i]) != null) {
                throw new IllegalArgumentException(args[i - 1] + " is given twice");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        OPTIONS.forEach((name, option) -> {
            String value = given.getOrDefault(name, option[0]);
            if (value != null) {
                settings.put(name, value);
            }
        });
        if (given.containsKey("help")) {
            settings.put("help", "");
        }
        return settings;
    }

    /** The realm's issuer URL that --url and --realm name, or null when neither is given. */
    static String givenIssuer(Map<String, String> settings) {
        if (!settings.containsKey("url") && !settings.containsKey("realm")) {
            return null;
        }
        return settings.getOrDefault("url", DEFAULT_URL).replaceAll("/+$", "") + "/realms/"
                + Forms.segment(settings.getOrDefault("realm", DEFAULT_REALM));
    }

    static String usage() {
        StringBuilder text = new StringBuilder(USAGE_LINE);
        OPTIONS.forEach((name, option) -> text.append(String.format(
                Locale.ROOT,
                "  --%-14s %s (default: %s)%n",
                name,
                option[1],
                option[0] == null ? DISCOVERED : option[0].isEmpty() ? "none" : option[0])));
        text.append("Exit codes: 0 the round went as expected, 1 it did not or a call failed, 2 usage error.\n");
        return text.toString();
    }
}
