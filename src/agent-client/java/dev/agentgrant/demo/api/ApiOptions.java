package dev.agentgrant.demo.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The demo API's options: {@code --name value} pairs and {@code --help}; nothing positional, nothing twice. */
final class ApiOptions {

    private static final Set<String> KNOWN = Set.of(
            "port", "url", "realm", "client", "secret", "public-url", "push-authorization", "introspection-cache");

    /** What the demo realm registers on demo-api as agent-grant.ssf.authorization-header. */
    static final String PUSH_AUTHORIZATION = "Bearer demo-api-push-token";

    static final int INTROSPECTION_CACHE = 60;
    static final int INTROSPECTION_CACHE_MAX = 3600;

    private ApiOptions() {}

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (name.equals("help") || args[i].equals("-h")) {
                options.put("help", "");
            } else if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            } else if (options.put(name, args[++i]) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return options;
    }

    static String usage() {
        return """
                Usage: java -jar target/agent-grant-demo-tools.jar api [options]
                  --port PORT        port on the loopback interface (default 8090; 0: any free port)
                  --url URL          Keycloak's base URL (default http://localhost:8080)
                  --realm REALM      the realm (default agent-grant-demo)
                  --client ID        this API's client_id, the tokens' audience (default demo-api)
                  --secret SECRET    its client secret, for token introspection (default demo-api-secret)
                  --public-url URL   the URL callers use, which DPoP proofs name in htu (default http://localhost:PORT)
                  --push-authorization VALUE
                                     the Authorization header the realm sends with Shared Signals pushes to
                                     /ssf/events (default "Bearer demo-api-push-token", as the demo realm registers)
                  --introspection-cache SECONDS
                                     how long an introspection answer for a task token is kept, 0-3600; a push about
                                     its grant drops it at once (default 60; 0: ask Keycloak on every call)
                """;
    }

    /** --introspection-cache as a number of seconds, -1 when it is none. */
    static int introspectionCache(Map<String, String> options) {
        try {
            int seconds =
                    Integer.parseInt(options.getOrDefault("introspection-cache", String.valueOf(INTROSPECTION_CACHE)));
            return seconds < 0 || seconds > INTROSPECTION_CACHE_MAX ? -1 : seconds;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** --port as a number, -1 when it is none. */
    static int port(Map<String, String> options) {
        try {
            int port = Integer.parseInt(options.getOrDefault("port", "8090"));
            return port < 0 || port > 65_535 ? -1 : port;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
