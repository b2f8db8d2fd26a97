package dev.agentgrant.keycloak.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The integration-test harness's switches, read once from system properties (Maven's failsafe configuration
 * sets them; docs/testing.md lists them). Defaults fit a plain {@code ./mvnw verify} from the project root.
 */
public record HarnessSettings(
        Backend backend,
        Database database,
        Optional<URI> serverUrl,
        String adminUsername,
        String adminPassword,
        String keycloakVersion,
        Path projectDirectory,
        Path distributionDirectory,
        Path providersDirectory,
        Path workDirectory) {

    /** Where the Keycloak under test comes from. */
    public enum Backend {
        /** The official distribution zip from Maven Central, unpacked and run with {@code kc.sh}. */
        DISTRIBUTION,
        /** The official container image through Testcontainers; needs a Docker engine. */
        TESTCONTAINERS,
        /** An already running server given by {@code keycloak.url}. */
        URL
    }

    public static HarnessSettings fromSystemProperties() {
        Path project = Path.of(property("agentgrant.project.directory", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
        Path target = project.resolve("target");
        String version = property("keycloak.version", "26.7.3");
        String url = property("keycloak.url", "");
        return new HarnessSettings(
                enumProperty(Backend.class, "keycloak.backend", Backend.DISTRIBUTION),
                Database.byName(property("keycloak.db", "h2")),
                url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.replaceAll("/+$", ""))),
                property("keycloak.admin.username", "admin"),
                property("keycloak.admin.password", "admin"),
                version,
                project,
                Path.of(property(
                        "keycloak.dist.directory",
                        target.resolve("keycloak-dist").toString())),
                Path.of(property(
                        "agentgrant.providers.directory",
                        target.resolve("providers").toString())),
                Path.of(property(
                        "agentgrant.work.directory",
                        target.resolve("it-keycloak").toString())));
    }

    /** The unpacked distribution, e.g. {@code target/keycloak-dist/keycloak-26.7.3}. */
    public Path distributionHome() {
        Path home = distributionDirectory.resolve("keycloak-" + keycloakVersion);
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home
                    + ": run the build through Maven (./mvnw verify), which unpacks it in the package phase");
        }
        return home;
    }

    /** Realm files every server imports: the shipped ones, then the test-only ones. */
    public Path realmExportsDirectory() {
        return projectDirectory.resolve("realm-exports");
    }

    public Path testRealmsDirectory() {
        return projectDirectory.resolve("src/test/resources/realms");
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static <E extends Enum<E>> E enumProperty(Class<E> type, String name, E fallback) {
        String value = property(name, fallback.name());
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown " + name + " '" + value + "'; use one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
