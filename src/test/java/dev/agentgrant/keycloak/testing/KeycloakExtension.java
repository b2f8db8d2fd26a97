package dev.agentgrant.keycloak.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension behind {@link KeycloakIntegrationTest}: starts one Keycloak for the whole test run (kept in
 * the root context's store, stopped when the run ends), injects it as a {@link KeycloakServer} parameter, and
 * prints the tail of the server log when a test fails.
 */
public final class KeycloakExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static final int LOG_LINES_ON_FAILURE = 80;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Started started = context.getRoot().getStore(NAMESPACE).get(Started.class, Started.class);
        if (started != null) {
            System.err.println(context.getDisplayName() + " failed against " + started.server.describe() + "\n"
                    + started.server.logTail(LOG_LINES_ON_FAILURE));
        }
    }

    static KeycloakServer server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Started.class, type -> new Started(boot()), Started.class)
                .server;
    }

    private static KeycloakServer boot() {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        KeycloakServer server = switch (settings.backend()) {
            case DISTRIBUTION -> DistributionServer.start(settings);
            case TESTCONTAINERS -> ContainerServer.start(settings);
            case URL -> RunningServer.connect(settings);
        };
        ShutdownGuard.register(server);
        System.out.println("Keycloak for integration tests: " + server.describe()
                + server.logFile().map(log -> " (log " + log + ")").orElse(""));
        return server;
    }

    /** The store entry; JUnit closes it when the root context (the whole run) ends. */
    private static final class Started implements AutoCloseable {

        private final KeycloakServer server;

        Started(KeycloakServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            ShutdownGuard.stop(server);
        }
    }
}
