package dev.agentgrant.keycloak.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two Keycloak nodes from the distribution ({@code kc.sh start}, not dev mode) forming one Infinispan cluster
 * over jdbc-ping on loopback and sharing one PostgreSQL database. Both nodes answer under one hostname (node
 * A's URL), as behind a load balancer, so tokens from either node are valid on the other.
 *
 * <p>The distribution is built once ({@code kc.sh build}) and copied for the second node; node A starts first
 * so that exactly one node creates the schema and the master realm.
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final HarnessSettings settings;
    private final String databaseName;
    private final List<Node> nodes;

    private KeycloakCluster(HarnessSettings settings, String databaseName, List<Node> nodes) {
        this.settings = settings;
        this.databaseName = databaseName;
        this.nodes = nodes;
    }

    public static KeycloakCluster start(HarnessSettings settings) {
        Database database = settings.database();
        if (database.embedded()) {
            throw new IllegalStateException(
                    "A cluster needs a shared database: run it with -Dkeycloak.db=postgres (or -Pcluster)");
        }
        Path work = settings.workDirectory().resolve("cluster");
        DistributionInstaller.deleteRecursively(work);
        Path homeA = work.resolve("node-a");
        Path homeB = work.resolve("node-b");
        DistributionInstaller.install(settings.distributionHome(), homeA);
        DistributionInstaller.deployProviders(settings.providersDirectory(), homeA);
        new KeycloakProcess("build", homeA, work.resolve("build.log"))
                .runToCompletion(
                        List.of("build", "--db=" + database.keycloakVendor(), "--health-enabled=true"),
                        Map.of(),
                        BUILD_TIMEOUT);
        DistributionInstaller.cloneNode(homeA, homeB);
        DistributionInstaller.stageRealmImports(
                List.of(settings.realmExportsDirectory(), settings.testRealmsDirectory()), homeA);

        String databaseName = DatabaseNames.fresh();
        database.create(databaseName);
        FreePorts ports = new FreePorts();
        int httpA = ports.next();
        URI hostname = URI.create("http://127.0.0.1:" + httpA);
        List<Node> nodes = new ArrayList<>();
        KeycloakCluster cluster = new KeycloakCluster(settings, databaseName, nodes);
        try {
            nodes.add(Node.start("node-a", homeA, work, httpA, ports, hostname, database, databaseName, true));
            nodes.add(Node.start("node-b", homeB, work, ports.next(), ports, hostname, database, databaseName, false));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public KeycloakServer nodeA() {
        return nodes.get(0);
    }

    public KeycloakServer nodeB() {
        return nodes.get(1);
    }

    public List<KeycloakServer> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Stops both nodes (B first, as {@link #close()} does), runs {@code whileDown}, and starts them again (A first) on
     * the same ports, homes and database, so the test classes that come after find the cluster as it was. For tests of
     * what survives a restart of the whole cluster; each restart costs two node starts.
     */
    public void restart(Runnable whileDown) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
        try {
            whileDown.run();
        } finally {
            for (Node node : nodes) {
                node.startAgain();
            }
        }
    }

    @Override
    public void close() {
        try {
            // Stop in reverse start order; each stop is graceful, so the survivor sees a clean leave.
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        } finally {
            settings.database().drop(databaseName);
        }
    }

    private static final class Node implements KeycloakServer {

        private final String name;
        private final KeycloakProcess process;
        private final URI baseUri;
        private final AdminApi admin;
        private final List<String> args;
        private final URI readiness;

        private Node(String name, KeycloakProcess process, URI baseUri, List<String> args, URI readiness) {
            this.name = name;
            this.process = process;
            this.baseUri = baseUri;
            this.admin = new AdminApi(baseUri, KeycloakOptions.ADMIN_USERNAME, KeycloakOptions.ADMIN_PASSWORD);
            this.args = List.copyOf(args);
            this.readiness = readiness;
        }

        void stop() {
            process.close();
        }

        /** The same {@code kc.sh start} again; realms imported at the first start are there already. */
        void startAgain() {
            List<String> again = new ArrayList<>(args);
            again.remove("--import-realm");
            process.start(again, KeycloakOptions.bootstrapAdmin(), readiness, START_TIMEOUT);
        }

        static Node start(
                String name,
                Path home,
                Path work,
                int httpPort,
                FreePorts ports,
                URI hostname,
                Database database,
                String databaseName,
                boolean importRealms) {
            int managementPort = ports.next();
            int clusterPort = ports.next();
            List<String> args = new ArrayList<>(List.of(
                    "start",
                    "--optimized",
                    "--http-enabled=true",
                    "--http-host=127.0.0.1",
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    "--hostname=" + hostname,
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusterPort));
            args.addAll(database.connectionOptions(databaseName));
            args.addAll(KeycloakOptions.SERVER_OPTIONS);
            if (importRealms && Files.isDirectory(home.resolve("data/import"))) {
                args.add("--import-realm");
            }
            KeycloakProcess process = new KeycloakProcess(name, home, work.resolve(name + ".log"));
            URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
            process.start(args, KeycloakOptions.bootstrapAdmin(), readiness, START_TIMEOUT);
            return new Node(name, process, URI.create("http://127.0.0.1:" + httpPort), args, readiness);
        }

        @Override
        public URI baseUri() {
            return baseUri;
        }

        @Override
        public AdminApi admin() {
            return admin;
        }

        @Override
        public Optional<Path> logFile() {
            return Optional.of(process.logFile());
        }

        @Override
        public String describe() {
            return "cluster " + name + " at " + baseUri;
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
