package dev.agentgrant.keycloak.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension behind {@link KeycloakClusterTest}: starts one two-node {@link KeycloakCluster} for the run,
 * injects it, and prints both nodes' log tails when a test fails.
 */
public final class KeycloakClusterExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakClusterExtension.class);
    private static final int LOG_LINES_ON_FAILURE = 60;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Started.class, type -> new Started(boot()), Started.class)
                .cluster;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Started started = context.getRoot().getStore(NAMESPACE).get(Started.class, Started.class);
        if (started != null) {
            for (KeycloakServer node : started.cluster.nodes()) {
                System.err.println(context.getDisplayName() + " failed; " + node.describe() + "\n"
                        + node.logTail(LOG_LINES_ON_FAILURE));
            }
        }
    }

    private static KeycloakCluster boot() {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        if (settings.backend() != HarnessSettings.Backend.DISTRIBUTION) {
            throw new IllegalStateException(
                    "Two-node tests run on the distribution backend only, not " + settings.backend());
        }
        KeycloakCluster cluster = KeycloakCluster.start(settings);
        ShutdownGuard.register(cluster);
        for (KeycloakServer node : cluster.nodes()) {
            System.out.println("Keycloak cluster node for integration tests: " + node.describe());
        }
        return cluster;
    }

    private static final class Started implements AutoCloseable {

        private final KeycloakCluster cluster;

        Started(KeycloakCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            ShutdownGuard.stop(cluster);
        }
    }
}
