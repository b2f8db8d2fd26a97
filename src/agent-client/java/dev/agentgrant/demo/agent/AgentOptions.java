package dev.agentgrant.demo.agent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The demo agent's options, each with its default; the order is the order of --help. */
final class AgentOptions {

    static final String USAGE_LINE =
            "Usage: java -jar target/agent-grant-demo-tools.jar agent [options]   (from the project root)\n";

    /** Option → {default, help}. */
    static final Map<String, String[]> OPTIONS = options(
            "url",
            "http://localhost:8080",
            "Keycloak's base URL",
            "realm",
            "agent-grant-demo",
            "the realm",
            "client",
            "demo-agent",
            "the agent's client_id",
            "secret",
            "demo-agent-secret",
            "the agent's client secret",
            "audience",
            "demo-api",
            "the client the task may reach",
            "scope",
            "calendar.read calendar.write",
            "the scopes the task asks for",
            "purpose",
            "Read the team calendar and plan the offsite",
            "the task in the agent's words",
            "login-hint",
            "alice",
            "the person expected to approve ('' for anyone)",
            "api",
            "http://localhost:8090/calendar",
            "the demo resource server (the demo tools' api)",
            "api-client",
            "demo-api",
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

    /** Every option with its value or default; {@code help} when asked for. */
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
        OPTIONS.forEach((name, option) -> settings.put(name, given.getOrDefault(name, option[0])));
        if (given.containsKey("help")) {
            settings.put("help", "");
        }
        return settings;
    }

    static String usage() {
        StringBuilder text = new StringBuilder(USAGE_LINE);
        OPTIONS.forEach((name, option) -> text.append(String.format(
                Locale.ROOT,
                "  --%-14s %s (default: %s)%n",
                name,
                option[1],
                option[0].isEmpty() ? "none" : option[0])));
        text.append("Exit codes: 0 the round went as expected, 1 it did not or a call failed, 2 usage error.\n");
        return text.toString();
    }
}
