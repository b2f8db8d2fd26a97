package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OperationalInfoTest {

    private final ExtensionVersion version = ExtensionVersion.current();

    @Test
    void startsWithTheVersionsAndKeepsInsertionOrder() {
        var info = OperationalInfo.of(version).with("b", "2").with("a", "1").toMap();

        assertThat(info.keySet())
                .containsExactly(OperationalInfo.VERSION, OperationalInfo.BUILT_FOR_KEYCLOAK, "b", "a");
        assertThat(info).containsEntry(OperationalInfo.VERSION, version.version());
    }

    @Test
    void aFactoryCannotOverwriteTheVersion() {
        assertThatThrownBy(() -> OperationalInfo.of(version).with(OperationalInfo.VERSION, "forged"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
