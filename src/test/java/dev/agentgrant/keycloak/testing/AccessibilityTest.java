package dev.agentgrant.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The accessibility check finds what axe-core reports, and fails only on serious and critical violations. */
class AccessibilityTest {

    private static String page(String body) {
        String html = "<!doctype html><html lang=\"en\"><head><title>t</title></head><body><main><h1>Page</h1>" + body
                + "</main></body></html>";
        return "data:text/html;charset=utf-8,"
                + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aPageWithAnUnlabelledFieldAndAnImageWithoutTextFailsNamingRuleAndElement() {
        try (Browser browser = Browser.start()) {
            browser.open(page("<img id=\"logo\" src=\"x.png\"><form><input id=\"who\" type=\"text\"></form>"));
            assertThatThrownBy(() -> Accessibility.assertNoSeriousViolations(browser, "test page"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test page")
                    .hasMessageContaining("image-alt")
                    .hasMessageContaining("#logo")
                    .hasMessageContaining("label")
                    .hasMessageContaining("#who");
        }
    }

    @Test
    void aCleanPagePassesAndModerateFindingsDoNotFailIt() {
        try (Browser browser = Browser.start()) {
            // Text outside any landmark is a moderate finding ("region") only.
            browser.open(page("<label for=\"who\">Name</label><input id=\"who\" type=\"text\"></main><p>aside")
                    .replace("%3C%2Fmain%3E%3C%2Fbody", "%3C%2Fbody"));
            Accessibility.assertNoSeriousViolations(browser, "clean page");
            assertThat(Accessibility.violations(browser))
                    .allSatisfy(v -> assertThat(v.impact()).isNotIn(Accessibility.FAILING_IMPACTS));
        }
    }

    @Test
    void parsesRuleImpactHelpAndNestedTargets() {
        assertThat(Accessibility.parse(
                        "[{\"id\":\"color-contrast\",\"impact\":\"serious\",\"help\":\"Contrast\",\"helpUrl\":\"u\","
                                + "\"nodes\":[{\"target\":[\"#a\"]},{\"target\":[[\"iframe\",\"#b\"]]}]}]"))
                .containsExactly(new Accessibility.Violation(
                        "color-contrast", "serious", "Contrast", "u", java.util.List.of("#a", "iframe >>> #b")));
    }
}
