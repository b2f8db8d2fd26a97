package dev.agentgrant.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A browser test on a machine without Chromium fails, and says how to fix that; it never skips. */
class BrowserTest {

    @ParameterizedTest
    @ValueSource(strings = {Browser.BINARY_PROPERTY, Browser.DRIVER_PROPERTY})
    void aMissingBrowserOrDriverFailsTheTestWithHowToInstallThem(String property) {
        String missing = "/nonexistent/" + property;
        String before = System.getProperty(property);
        System.setProperty(property, missing);
        try {
            assertThatThrownBy(Browser::start)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(missing)
                    .hasMessageContaining("apt-get install chromium chromium-driver")
                    .hasMessageContaining("-D" + property);
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
