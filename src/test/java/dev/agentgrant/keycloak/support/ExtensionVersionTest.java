package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtensionVersionTest {

    @Test
    void versionsAreStampedAtBuildTime() {
        ExtensionVersion version = ExtensionVersion.current();

        assertThat(version.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(version.keycloakVersion()).matches("\\d+\\.\\d+\\.\\d+");
    }
}
