package dev.agentgrant.keycloak.testing;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Stops harness-started servers when the test JVM exits without JUnit closing them (Ctrl-C, a killed fork),
 * so no Keycloak outlives its test run and no per-run database is left behind.
 */
final class ShutdownGuard {

    private static final Set<AutoCloseable> RUNNING =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (AutoCloseable server : Set.copyOf(RUNNING)) {
                                stop(server);
                            }
                        },
                        "keycloak-harness-shutdown"));
    }

    private ShutdownGuard() {}

    static void register(AutoCloseable server) {
        RUNNING.add(server);
    }

    static void stop(AutoCloseable server) {
        if (RUNNING.remove(server)) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Stopping " + server + " failed: " + e);
            }
        }
    }
}
