package dev.agentgrant.keycloak.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Accessibility checks of the page a browser shows, with <a href="https://github.com/dequelabs/axe-core">axe-core</a>
 * (the script of the {@code org.webjars.npm:axe-core} test dependency, read from the classpath). The script is
 * injected through WebDriver, which the page's Content-Security-Policy does not govern, so pages under a strict
 * policy are checked as they are served.
 *
 * <pre>{@code
 * Accessibility.assertNoSeriousViolations(browser, "consent page");
 * }</pre>
 */
public final class Accessibility {

    /** The impacts that fail a page: axe's two highest of minor, moderate, serious and critical. */
    public static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AXE_SOURCE = readAxe();

    private Accessibility() {}

    /** One rule that fails on the page, with the CSS selectors of the elements it fails on. */
    public record Violation(String rule, String impact, String help, String helpUrl, List<String> targets) {

        @Override
        public String toString() {
            return "[" + impact + "] " + rule + ": " + help + " (" + helpUrl + ")\n    on "
                    + String.join("\n    on ", targets);
        }
    }

    public static void assertNoSeriousViolations(Browser browser, String pageName) {
        assertNoSeriousViolations(browser.driver(), pageName);
    }

    /**
     * Fails listing every violation of impact serious or critical on the current page of {@code driver}: rule id,
     * what it asks for, and the elements (CSS selectors) it fails on.
     */
    public static void assertNoSeriousViolations(WebDriver driver, String pageName) {
        List<Violation> serious = violations(driver).stream()
                .filter(violation -> FAILING_IMPACTS.contains(violation.impact()))
                .toList();
        if (!serious.isEmpty()) {
            StringBuilder message = new StringBuilder()
                    .append(serious.size())
                    .append(" serious or critical accessibility violation(s) on the ")
                    .append(pageName)
                    .append(" (")
                    .append(driver.getCurrentUrl())
                    .append("):");
            serious.forEach(violation -> message.append("\n  ").append(violation));
            fail(message.toString());
        }
    }

    public static List<Violation> violations(Browser browser) {
        return violations(browser.driver());
    }

    /** Every axe violation on the current page of {@code driver}, of any impact. */
    public static List<Violation> violations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Duration before = driver.manage().timeouts().getScriptTimeout();
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        Object answer;
        try {
            if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
                js.executeScript(AXE_SOURCE);
            }
            answer = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "window.axe.run(document, {resultTypes: ['violations']})"
                    + ".then(r => done(JSON.stringify(r.violations)))"
                    + ".catch(e => done('axe failed: ' + e));");
        } finally {
            driver.manage().timeouts().scriptTimeout(before);
        }
        if (!(answer instanceof String text) || text.startsWith("axe failed: ")) {
            throw new IllegalStateException("axe-core did not run on " + driver.getCurrentUrl() + ": " + answer);
        }
        return parse(text);
    }

    static List<Violation> parse(String violationsJson) {
        JsonNode violations;
        try {
            violations = JSON.readTree(violationsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("axe-core answered no JSON: " + violationsJson, e);
        }
        List<Violation> result = new ArrayList<>();
        for (JsonNode violation : violations) {
            List<String> targets = new ArrayList<>();
            for (JsonNode node : violation.path("nodes")) {
                targets.add(selector(node.path("target")));
            }
            result.add(new Violation(
                    violation.path("id").asText(),
                    violation.path("impact").asText(),
                    violation.path("help").asText(),
                    violation.path("helpUrl").asText(),
                    List.copyOf(targets)));
        }
        return List.copyOf(result);
    }

    /** axe names an element by a list of selectors, one per frame or shadow root on the way to it. */
    private static String selector(JsonNode target) {
        if (!target.isArray()) {
            return target.asText();
        }
        List<String> parts = new ArrayList<>();
        target.forEach(part -> parts.add(selector(part)));
        return String.join(" >>> ", parts);
    }

    private static String readAxe() {
        ClassLoader loader = Accessibility.class.getClassLoader();
        String version;
        try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            if (pom == null) {
                throw new IllegalStateException(
                        "axe-core is not on the test classpath (test dependency org.webjars.npm:axe-core)");
            }
            Properties properties = new Properties();
            properties.load(pom);
            version = properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = "META-INF/resources/webjars/axe-core/" + version + "/axe.min.js";
        try (InputStream script = loader.getResourceAsStream(path)) {
            if (script == null) {
                throw new IllegalStateException("No " + path + " in the axe-core webjar");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
