package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Database;
import dev.agentgrant.keycloak.testing.DatabaseNames;
import dev.agentgrant.keycloak.testing.DistributionInstaller;
import dev.agentgrant.keycloak.testing.FreePorts;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.KeycloakProcess;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one Keycloak the load benchmark measures, run as in production rather than as the integration tests run it:
 * {@code kc.sh build} then {@code kc.sh start --optimized} (not {@code start-dev}: no dev-mode theme and template
 * reloading, the production cache configuration), INFO logging, a database server of its own per run, the extension
 * built now, and only the option the README asks admins to set. The realm files of the integration tests are
 * imported at boot ({@code agent-grant-it}).
 */
public final class LoadServer implements KeycloakServer {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String ADMIN = "admin";

    private final Database database;
    private final String databaseName;
    private final KeycloakProcess process;
    private final URI baseUri;
    private final AdminApi admin;
    private final Optional<Path> recording;

    private LoadServer(
            Database database, String databaseName, KeycloakProcess process, URI baseUri, Optional<Path> recording) {
        this.database = database;
        this.databaseName = databaseName;
        this.process = process;
        this.baseUri = baseUri;
        this.admin = new AdminApi(baseUri, ADMIN, ADMIN);
        this.recording = recording;
    }

    /**
     * @param javaHome  the JDK the server runs on; empty for the one running the benchmark
     * @param recording where the server writes a JFR recording (profiling settings) when it stops; empty for none
     */
    static LoadServer start(
            HarnessSettings settings, Database database, Optional<Path> javaHome, Optional<Path> recording) {
        return start(settings, database, javaHome, recording, List.of());
    }

    /** @param serverOptions further {@code kc.sh start} options, such as an extension's SPI option */
    public static LoadServer start(
            HarnessSettings settings,
            Database database,
            Optional<Path> javaHome,
            Optional<Path> recording,
            List<String> serverOptions) {
        Map<String, String> environment =
                new HashMap<>(Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN));
        javaHome.ifPresent(home -> environment.put("JAVA_HOME", home.toString()));
        recording.ifPresent(file -> environment.put(
                "JAVA_OPTS_APPEND", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file));
        Path work = settings.workDirectory();
        DistributionInstaller.deleteRecursively(work);
        Path home = work.resolve("keycloak-" + settings.keycloakVersion());
        DistributionInstaller.install(settings.distributionHome(), home);
        DistributionInstaller.deployProviders(settings.providersDirectory(), home);
        new KeycloakProcess("build", home, work.resolve("build.log"))
                .runToCompletion(
                        List.of("build", "--db=" + database.keycloakVendor(), "--health-enabled=true"),
                        environment,
                        BUILD_TIMEOUT);
        DistributionInstaller.stageRealmImports(
                List.of(settings.realmExportsDirectory(), settings.testRealmsDirectory()), home);

        String databaseName = DatabaseNames.fresh();
        database.create(databaseName);
        FreePorts ports = new FreePorts();
        int httpPort = ports.next();
        int managementPort = ports.next();
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        List<String> args = new ArrayList<>(List.of(
                "start",
                "--optimized",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname=" + base,
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + ports.next(),
                "--import-realm",
                // The README's one required option (oversized request parameters fail instead of being dropped).
                "--spi-login-protocol--openid-connect--add-req-params-fail-fast=true"));
        args.addAll(database.connectionOptions(databaseName));
        args.addAll(serverOptions);

        KeycloakProcess process = new KeycloakProcess("keycloak", home, work.resolve("keycloak.log"));
        try {
            process.start(
                    args,
                    environment,
                    URI.create("http://127.0.0.1:" + managementPort + "/health/ready"),
                    START_TIMEOUT);
        } catch (RuntimeException e) {
            database.drop(databaseName);
            throw e;
        }
        return new LoadServer(database, databaseName, process, base, recording);
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

    /** The server's database of this run (PostgreSQL and MariaDB name their connections' processes after it). */
    public String databaseName() {
        return databaseName;
    }

    /** The server's process (kc.sh, the JVM among its descendants). */
    public ProcessHandle process() {
        return process.handle();
    }

    /** The JFR recording, complete once {@link #close()} has returned. */
    Optional<Path> recording() {
        return recording;
    }

    @Override
    public String describe() {
        return "Keycloak (kc.sh start --optimized) on " + database.name().toLowerCase(java.util.Locale.ROOT) + " at "
                + baseUri;
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            database.drop(databaseName);
        }
    }
}
