package dev.agentgrant.keycloak.testing;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Keycloak from the official container image through Testcontainers Keycloak, for machines with a Docker
 * engine. It runs on the image's embedded dev-file database; the container's output is written to the same
 * log file as a distribution server's when it stops, and on failure.
 */
public final class ContainerServer implements KeycloakServer {

    private final HarnessSettings settings;
    private final KeycloakContainer container;
    private final Path logFile;
    private final AdminApi admin;

    private ContainerServer(HarnessSettings settings, KeycloakContainer container, Path logFile) {
        this.settings = settings;
        this.container = container;
        this.logFile = logFile;
        this.admin = new AdminApi(baseUri(), container.getAdminUsername(), container.getAdminPassword());
    }

    public static ContainerServer start(HarnessSettings settings) {
        if (!settings.database().embedded()) {
            throw new IllegalStateException("The testcontainers backend runs the image's embedded database only; "
                    + "use the distribution backend for keycloak.db="
                    + settings.database().name().toLowerCase());
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("keycloak.backend=testcontainers needs a Docker engine and none answers "
                    + "on this machine; use the default distribution backend");
        }
        List<Path> providerJars;
        try {
            providerJars = DistributionInstaller.jarsIn(settings.providersDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Realm files are on the test classpath under realm-exports/ and realms/ (see pom.xml).
        String[] realmResources =
                RealmFiles.in(List.of(settings.realmExportsDirectory(), settings.testRealmsDirectory())).stream()
                        .map(file -> (file.startsWith(settings.realmExportsDirectory()) ? "realm-exports/" : "realms/")
                                + file.getFileName())
                        .toArray(String[]::new);
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + settings.keycloakVersion())
                .withProviderLibsFrom(providerJars.stream().map(Path::toFile).toList())
                .withRealmImportFiles(realmResources)
                .withCustomCommand(String.join(" ", KeycloakOptions.SERVER_OPTIONS));
        Path logFile = settings.workDirectory().resolve("keycloak.log");
        try {
            container.start();
        } catch (RuntimeException e) {
            writeLogs(container, logFile);
            container.stop();
            throw e;
        }
        return new ContainerServer(settings, container, logFile);
    }

    @Override
    public URI baseUri() {
        return URI.create(container.getAuthServerUrl().replaceAll("/+$", ""));
    }

    @Override
    public AdminApi admin() {
        return admin;
    }

    @Override
    public Optional<Path> logFile() {
        writeLogs(container, logFile);
        return Optional.of(logFile);
    }

    @Override
    public String describe() {
        return "container quay.io/keycloak/keycloak:" + settings.keycloakVersion() + " at " + baseUri();
    }

    @Override
    public void close() {
        try {
            writeLogs(container, logFile);
        } finally {
            container.stop();
        }
    }

    private static void writeLogs(KeycloakContainer container, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, container.getLogs());
        } catch (IOException | RuntimeException e) {
            // The container may be gone already; the failure being reported matters more than its log.
        }
    }
}
