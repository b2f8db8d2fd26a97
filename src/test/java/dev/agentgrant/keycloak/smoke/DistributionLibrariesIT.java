package dev.agentgrant.keycloak.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.testing.HarnessSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the extension assumes about the Keycloak distribution's own libraries: Bouncy Castle is provided at the
 * version the pom compiles against, FreeMarker at the version the unit tests render the approval pages with, and
 * Nimbus JOSE+JWT is not provided, so target/providers/ must (and does) ship it.
 */
class DistributionLibrariesIT {

    private final HarnessSettings settings = HarnessSettings.fromSystemProperties();

    private List<String> distributionJars() throws IOException {
        try (Stream<Path> jars = Files.list(settings.distributionHome().resolve("lib/lib/main"))) {
            return jars.map(p -> p.getFileName().toString()).toList();
        }
    }

    private List<String> shippedJars() throws IOException {
        try (Stream<Path> jars = Files.list(settings.providersDirectory())) {
            return jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .toList();
        }
    }

    @Test
    void bouncyCastleIsProvidedByKeycloakAtTheCompiledVersion() throws IOException {
        assertThat(distributionJars())
                .contains("org.bouncycastle.bcprov-jdk18on-" + System.getProperty("bouncycastle.version") + ".jar");
    }

    @Test
    void freeMarkerIsProvidedByKeycloakAtTheVersionThePageTemplatesAreTestedWith() throws IOException {
        assertThat(distributionJars())
                .contains("org.freemarker.freemarker-" + System.getProperty("freemarker.version") + ".jar");
    }

    @Test
    void restEasyReactiveIsProvidedByKeycloakAtTheCompiledVersion() throws IOException {
        // support/StrictForms hands Keycloak's request the form it parsed itself through these classes.
        assertThat(distributionJars())
                .contains("io.quarkus.resteasy.reactive.resteasy-reactive-"
                        + System.getProperty("resteasy-reactive.version") + ".jar")
                .contains("io.quarkus.resteasy.reactive.resteasy-reactive-common-"
                        + System.getProperty("resteasy-reactive.version") + ".jar");
    }

    @Test
    void nimbusIsNotInKeycloakSoTheExtensionShipsIt() throws IOException {
        assertThat(distributionJars()).noneMatch(name -> name.contains("nimbus-jose-jwt"));
        assertThat(shippedJars()).anyMatch(name -> name.startsWith("nimbus-jose-jwt-10."));
    }

    @Test
    void theProvidersFolderHoldsTheExtensionAndItsOneRuntimeLibraryOnly() throws IOException {
        assertThat(shippedJars())
                .hasSize(2)
                .anyMatch(name -> name.startsWith("agent-grant-keycloak-"))
                .anyMatch(name -> name.startsWith("nimbus-jose-jwt-"));
    }
}
