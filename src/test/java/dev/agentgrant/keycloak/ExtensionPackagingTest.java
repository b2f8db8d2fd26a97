package dev.agentgrant.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Rules every provider of the extension follows, checked on the build output. */
class ExtensionPackagingTest {

    @Test
    void theExtensionRegistersProviders() {
        assertThat(ExtensionRegistrations.providers()).isNotEmpty();
    }

    @Test
    void everyProviderReportsItsVersionOnTheServerInfoPage() {
        assertThat(ExtensionRegistrations.providers())
                .allSatisfy(registration ->
                        assertThat(registration.factoryClass()).isAssignableTo(ServerInfoAwareProviderFactory.class));
    }

    @Test
    void everyRegisteredClassLivesOutsideKeycloaksPackages() {
        assertThat(ExtensionRegistrations.serviceFiles().values().stream().flatMap(java.util.List::stream))
                .allMatch(name -> name.startsWith("dev.agentgrant.keycloak."));
    }

    @Test
    void noCompiledClassSitsInAnOrgKeycloakPackage() throws IOException {
        // Keycloak's build-time scan skips extension classes in org.keycloak.* (entities then fail to load).
        Path classes = ExtensionRegistrations.artifactRoot();
        try (Stream<Path> files = Files.walk(classes)) {
            // The demo tools (src/agent-client) compile into target/classes too but never into the provider jar (pom).
            assertThat(files.filter(p -> p.toString().endsWith(".class"))
                            .map(classes::relativize)
                            .map(Path::toString)
                            .filter(name -> !name.startsWith("dev/agentgrant/demo/")))
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith("dev/agentgrant/keycloak/"));
        }
    }

    /**
     * Keycloak providers the extension replaces on purpose, by taking their id: the realm's standard introspection
     * endpoint has to answer for task tokens under every {@code token_type_hint}, and Keycloak picks its provider for a
     * hint by id.
     */
    private static final java.util.Set<String> REPLACED = java.util.Set.of(
            "oauth2-token-introspection/access_token",
            "oauth2-token-introspection/refresh_token",
            "oauth2-token-introspection/requesting_party_token");

    @Test
    void providersOfKeycloaksSpisHaveNamespacedIdsAndTheExtensionsOwnSpisAreNamespaced() {
        // A provider of one of the extension's own SPIs is namespaced by that SPI's name.
        assertThat(ExtensionRegistrations.providers())
                .allSatisfy(registration -> assertThat(registration.spi().startsWith("agent-grant-")
                                || registration.providerId().startsWith("agent-grant")
                                || registration.providerId().startsWith("urn:agentgrant:")
                                || REPLACED.contains(registration.spi() + "/" + registration.providerId()))
                        .as(registration.toString())
                        .isTrue());
        assertThat(ExtensionRegistrations.providers())
                .filteredOn(registration -> REPLACED.contains(registration.spi() + "/" + registration.providerId()))
                .as("every replacement listed is still made")
                .hasSize(REPLACED.size());
    }

    @Test
    void beansXmlIsShippedSoJaxRsResourcesAreIndexed() {
        assertThat(ExtensionRegistrations.artifactRoot().resolve("META-INF/beans.xml"))
                .exists();
    }
}
