package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

class ServerOptionTest {

    private static final String PREFIX = "agentgrant.test.server-option.";

    private static final ServerOption<Long> SECONDS = ServerOption.seconds("some-interval", 300, "Seconds.");
    private static final ServerOption<Integer> COUNT = ServerOption.integer("some-count", 10_000, "Entries.");
    private static final ServerOption<Boolean> SWITCH = ServerOption.flag("some-switch", false, "Development only.");

    @AfterEach
    void clearProperties() {
        List.of(SECONDS, COUNT, SWITCH).forEach(option -> System.clearProperty(PREFIX + option.name()));
    }

    private static Config.Scope scope() {
        return new Config.SystemPropertiesScope(PREFIX);
    }

    @Test
    void anUnsetOptionReadsAsItsDeclaredDefault() {
        assertThat(SECONDS.read(scope())).isEqualTo(300L);
        assertThat(COUNT.read(scope())).isEqualTo(10_000);
        assertThat(SWITCH.read(scope())).isFalse();
    }

    @Test
    void aSetOptionIsReadUnderItsDeclaredName() {
        System.setProperty(PREFIX + "some-interval", "5");
        System.setProperty(PREFIX + "some-count", "0");
        System.setProperty(PREFIX + "some-switch", "true");

        assertThat(SECONDS.read(scope())).isEqualTo(5L);
        assertThat(COUNT.read(scope())).isZero();
        assertThat(SWITCH.read(scope())).isTrue();
    }

    @Test
    void metadataDeclaresNameTypeHelpAndDefaultInOrder() {
        List<ProviderConfigProperty> metadata = ServerOption.metadata(List.of(SECONDS, COUNT, SWITCH));

        assertThat(metadata)
                .extracting(ProviderConfigProperty::getName)
                .containsExactly("some-interval", "some-count", "some-switch");
        assertThat(metadata)
                .extracting(ProviderConfigProperty::getType)
                .containsExactly(
                        ProviderConfigProperty.INTEGER_TYPE,
                        ProviderConfigProperty.INTEGER_TYPE,
                        ProviderConfigProperty.BOOLEAN_TYPE);
        assertThat(metadata).extracting(ProviderConfigProperty::getDefaultValue).containsExactly(300L, 10_000, false);
        assertThat(metadata)
                .extracting(ProviderConfigProperty::getHelpText)
                .containsExactly("Seconds.", "Entries.", "Development only.");
    }
}
