package dev.agentgrant.keycloak.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Keycloak from the official distribution zip, started with {@code kc.sh start-dev} on free loopback ports,
 * with the freshly built providers and every realm file imported at boot.
 */
public final class DistributionServer implements KeycloakServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final HarnessSettings settings;
    private final String databaseName;
    private final KeycloakProcess process;
    private final URI baseUri;
    private final AdminApi admin;

    private DistributionServer(HarnessSettings settings, String databaseName, KeycloakProcess process, URI baseUri) {
        this.settings = settings;
        this.databaseName = databaseName;
        this.process = process;
        this.baseUri = baseUri;
        this.admin = new AdminApi(baseUri, KeycloakOptions.ADMIN_USERNAME, KeycloakOptions.ADMIN_PASSWORD);
    }

    public static DistributionServer start(HarnessSettings settings) {
        // One folder per run: the server's home and its log, replaced by the next run.
        Path work = settings.workDirectory().resolve("single");
        DistributionInstaller.deleteRecursively(work);
        Path home = work.resolve("keycloak-" + settings.keycloakVersion());
        DistributionInstaller.install(settings.distributionHome(), home);
        DistributionInstaller.deployProviders(settings.providersDirectory(), home);
        DistributionInstaller.stageRealmImports(
                List.of(settings.realmExportsDirectory(), settings.testRealmsDirectory()), home);

        Database database = settings.database();
        String databaseName = DatabaseNames.fresh();
        database.create(databaseName);

        FreePorts ports = new FreePorts();
        int httpPort = ports.next();
        int managementPort = ports.next();
        List<String> args = new ArrayList<>(List.of(
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--import-realm"));
        args.addAll(database.keycloakOptions(databaseName));
        args.addAll(KeycloakOptions.SERVER_OPTIONS);

        KeycloakProcess process = new KeycloakProcess("keycloak", home, work.resolve("keycloak.log"));
        try {
            process.start(
                    args,
                    KeycloakOptions.bootstrapAdmin(),
                    URI.create("http://127.0.0.1:" + managementPort + "/health/ready"),
                    START_TIMEOUT);
        } catch (RuntimeException e) {
            database.drop(databaseName);
            throw e;
        }
        return new DistributionServer(settings, databaseName, process, URI.create("http://127.0.0.1:" + httpPort));
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
        return "distribution " + settings.keycloakVersion() + " on "
                + settings.database().name().toLowerCase() + " at " + baseUri;
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            settings.database().drop(databaseName);
        }
    }
}
