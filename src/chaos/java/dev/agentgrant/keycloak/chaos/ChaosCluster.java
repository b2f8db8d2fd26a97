package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Database;
import dev.agentgrant.keycloak.testing.DistributionInstaller;
import dev.agentgrant.keycloak.testing.FreePorts;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.KeycloakProcess;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two Keycloak nodes as production runs them ({@code kc.sh build}, then {@code kc.sh start --optimized}), one
 * Infinispan cluster over jdbc-ping on loopback, one PostgreSQL database, one shared hostname (as behind a load
 * balancer, so each node accepts the other's tokens). Unlike the integration tests' cluster, a node can be killed
 * ({@code SIGKILL} to its JVM: no shutdown hook, no graceful leave) and started again.
 */
final class ChaosCluster implements AutoCloseable {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final String ADMIN = "admin";
    /** Infinispan's ISPN000094 line: "Received new cluster view for channel ISPN: [node|3] (2) [a, b]". */
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view .*?\\((\\d+)\\)");

    private final List<Node> nodes = new ArrayList<>();
    private final Database database;
    private final String databaseName;

    private ChaosCluster(Database database, String databaseName) {
        this.database = database;
        this.databaseName = databaseName;
    }

    static ChaosCluster start(HarnessSettings settings, Database database, String databaseName) {
        Path work = settings.workDirectory().resolve("chaos");
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
        database.create(databaseName);

        FreePorts ports = new FreePorts();
        int httpA = ports.next();
        URI hostname = URI.create("http://127.0.0.1:" + httpA);
        ChaosCluster cluster = new ChaosCluster(database, databaseName);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "chaos-cluster-shutdown"));
        cluster.nodes.add(new Node("node-a", homeA, work, httpA, ports, hostname, database, databaseName));
        cluster.nodes.add(new Node("node-b", homeB, work, ports.next(), ports, hostname, database, databaseName));
        cluster.nodes.get(0).start(true);
        cluster.nodes.get(1).start(false);
        return cluster;
    }

    Node a() {
        return nodes.get(0);
    }

    Node b() {
        return nodes.get(1);
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    String databaseName() {
        return databaseName;
    }

    @Override
    public synchronized void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException e) {
                System.err.println("Stopping " + nodes.get(i).name + " failed: " + e);
            }
        }
        nodes.clear();
    }

    /** One node: its own home, ports and log; the same database and hostname as the other. */
    static final class Node implements KeycloakServer {

        private final String name;
        private final Path home;
        private final KeycloakProcess process;
        private final URI baseUri;
        private final URI readiness;
        private final List<String> args;
        private final AdminApi admin;

        private Node(
                String name,
                Path home,
                Path work,
                int httpPort,
                FreePorts ports,
                URI hostname,
                Database database,
                String databaseName) {
            this.name = name;
            this.home = home;
            this.process = new KeycloakProcess(name, home, work.resolve(name + ".log"));
            this.baseUri = URI.create("http://127.0.0.1:" + httpPort);
            int managementPort = ports.next();
            this.readiness = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
            this.args = new ArrayList<>(List.of(
                    "start",
                    "--optimized",
                    "--http-enabled=true",
                    "--http-host=127.0.0.1",
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    "--hostname=" + hostname,
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + ports.next(),
                    // The README's one required option (oversized request parameters fail instead of being dropped).
                    "--spi-login-protocol--openid-connect--add-req-params-fail-fast=true"));
            this.args.addAll(database.connectionOptions(databaseName));
            this.admin = new AdminApi(baseUri, ADMIN, ADMIN);
        }

        String name() {
            return name;
        }

        /** Starts {@code kc.sh start} and waits until the node is ready; the first start of node A imports realms. */
        void start(boolean importRealms) {
            List<String> run = new ArrayList<>(args);
            if (importRealms && Files.isDirectory(home.resolve("data/import"))) {
                run.add("--import-realm");
            }
            process.start(
                    run,
                    Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN),
                    readiness,
                    START_TIMEOUT);
        }

        /**
         * {@code kill -9} of the node's JVM (kc.sh's child, found by the home directory kc.sh passes it as
         * {@code -Dkc.home.dir}); kc.sh then exits with it. Answers the killed process id.
         */
        long kill() {
            String marker = "-Dkc.home.dir=" + home.resolve("bin");
            ProcessHandle jvm = ProcessHandle.allProcesses()
                    .filter(p -> p.info()
                            .commandLine()
                            .map(line -> line.contains(marker))
                            .orElse(false))
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No JVM of " + name + " found"));
            jvm.destroyForcibly();
            jvm.onExit().join();
            for (int i = 0; i < 100 && process.alive(); i++) {
                sleep(Duration.ofMillis(100));
            }
            return jvm.pid();
        }

        boolean alive() {
            return process.alive();
        }

        /** The sizes of the cluster views this node's log reported, in order (ISPN000094). */
        List<Integer> clusterViews() {
            List<Integer> sizes = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(process.logFile())) {
                    Matcher matcher = VIEW.matcher(line);
                    if (matcher.find()) {
                        sizes.add(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sizes;
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
            return name + " at " + baseUri;
        }

        @Override
        public void close() {
            process.close();
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
