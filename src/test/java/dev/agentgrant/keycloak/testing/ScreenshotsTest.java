package dev.agentgrant.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Screenshots are taken at the asked viewport sizes, and the first-screen check tells in from below the fold. */
class ScreenshotsTest {

    private static final String PAGE = "data:text/html;charset=utf-8,"
            + URLEncoder.encode(
                            "<!doctype html><html lang=\"en\"><head><meta name=\"viewport\" content=\"width=device-width\">"
                                    + "<title>t</title></head><body style=\"margin:0\"><button id=\"top\">Top</button>"
                                    + "<div style=\"height:790px\"></div><button id=\"low\">Low</button></body></html>",
                            StandardCharsets.UTF_8)
                    .replace("+", "%20");

    @Test
    void savesOnePngPerSizeWithThatSize() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.open(PAGE);
            List<Path> files = Screenshots.capture(browser, "screenshots-test");
            assertThat(files)
                    .extracting(path -> path.getFileName().toString())
                    .containsExactly("screenshots-test-1280x800.png", "screenshots-test-390x844.png");
            for (Path file : files) {
                assertThat(file).startsWith(Screenshots.directory());
                var image = ImageIO.read(Files.newInputStream(file));
                String size = image.getWidth() + "x" + image.getHeight();
                assertThat(file.getFileName().toString()).endsWith("-" + size + ".png");
            }
        }
    }

    @Test
    void anElementBelowTheFirstScreenFailsTheCheckAtThatSizeOnly() {
        try (Browser browser = Browser.start()) {
            browser.open(PAGE);
            Screenshots.resize(browser, Screenshots.DESKTOP);
            Screenshots.assertInFirstViewport(browser, "#top");
            assertThatThrownBy(() -> Screenshots.assertInFirstViewport(browser, "#low"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("#low")
                    .hasMessageContaining("1280x800");
            Screenshots.resize(browser, Screenshots.PHONE);
            Screenshots.assertInFirstViewport(browser, "#low");
            assertThatThrownBy(() -> Screenshots.assertInFirstViewport(browser, "#missing"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("No visible element");
        }
    }
}
