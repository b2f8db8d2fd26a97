package dev.agentgrant.keycloak.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Screenshots of the current page at the sizes a person sees it, saved as
 * {@code target/screenshots/<name>-<width>x<height>.png} for people to look at, and checks of what the first screen
 * (before any scrolling) shows.
 *
 * <p>Sizes are those of the viewport, the part of the window the page is drawn in: a desktop (1280×800) and a phone
 * (390×844, CSS pixels). Headless Chromium's window has no frame, and the size is set through the DevTools
 * protocol's device-metrics override (which phones' layouts also need: a window cannot be made narrower than 500
 * pixels).
 */
public final class Screenshots {

    /** A viewport size in CSS pixels. */
    public record Size(int width, int height) {

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    public static final Size DESKTOP = new Size(1280, 800);
    public static final Size PHONE = new Size(390, 844);
    /** The sizes {@link #capture(WebDriver, String)} takes. */
    public static final List<Size> PERSON_SIZES = List.of(DESKTOP, PHONE);

    private Screenshots() {}

    /** The directory screenshots are saved in: {@code target/screenshots} of the project. */
    public static Path directory() {
        return HarnessSettings.fromSystemProperties().projectDirectory().resolve("target/screenshots");
    }

    public static List<Path> capture(Browser browser, String name) {
        return capture(browser.driver(), name);
    }

    /**
     * Saves the current page at 1280×800 and at 390×844, as {@code <name>-1280x800.png} and {@code
     * <name>-390x844.png}; the viewport stays at the last size.
     */
    public static List<Path> capture(WebDriver driver, String name) {
        List<Path> written = new ArrayList<>();
        for (Size size : PERSON_SIZES) {
            written.add(capture(driver, name, size));
        }
        return List.copyOf(written);
    }

    public static Path capture(Browser browser, String name, Size size) {
        return capture(browser.driver(), name, size);
    }

    /** Sets the viewport to {@code size} and saves what it shows as {@code <name>-<w>x<h>.png}. */
    public static Path capture(WebDriver driver, String name, Size size) {
        resize(driver, size);
        Path file = directory().resolve(name.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + size + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot " + file, e);
        }
        return file;
    }

    public static void resize(Browser browser, Size size) {
        resize(browser.driver(), size);
    }

    /**
     * Makes the viewport {@code size} CSS pixels, as on a device of that size (narrow sizes get the mobile layout
     * a phone would), and waits until the page has laid itself out at that width.
     */
    public static void resize(WebDriver driver, Size size) {
        if (!(driver instanceof org.openqa.selenium.chromium.HasCdp cdp)) {
            throw new IllegalArgumentException("Screenshots need a Chromium driver, not " + driver.getClass());
        }
        boolean phone = size.width() < 600;
        cdp.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", size.width(), "height", size.height(), "deviceScaleFactor", 1, "mobile", phone));
        ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
        Object width = ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
        if (!(width instanceof Number number) || number.intValue() != size.width()) {
            throw new IllegalStateException("The viewport did not become " + size + " wide: innerWidth " + width);
        }
    }

    public static void assertInFirstViewport(Browser browser, String cssSelector) {
        assertInFirstViewport(browser.driver(), cssSelector);
    }

    /**
     * Fails unless the visible element matching {@code cssSelector} lies entirely inside the first screen of the
     * page at the current viewport size: seen without scrolling, neither cut off at the bottom nor at a side.
     */
    public static void assertInFirstViewport(WebDriver driver, String cssSelector) {
        List<WebElement> found = driver.findElements(By.cssSelector(cssSelector)).stream()
                .filter(WebElement::isDisplayed)
                .toList();
        if (found.isEmpty()) {
            fail("No visible element '" + cssSelector + "' on " + driver.getCurrentUrl());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) ((JavascriptExecutor) driver)
                .executeScript(
                        "const r = arguments[0].getBoundingClientRect();"
                                + "return {top: r.top + window.scrollY, left: r.left + window.scrollX,"
                                + " bottom: r.bottom + window.scrollY, right: r.right + window.scrollX,"
                                + " width: document.documentElement.clientWidth,"
                                + " height: document.documentElement.clientHeight,"
                                + " viewport: window.innerWidth + 'x' + window.innerHeight};",
                        found.get(0));
        double top = number(box, "top");
        double left = number(box, "left");
        double bottom = number(box, "bottom");
        double right = number(box, "right");
        double width = number(box, "width");
        double height = number(box, "height");
        if (top < 0 || left < 0 || bottom > height || right > width) {
            fail("'" + cssSelector + "' is not entirely in the first screen (viewport " + box.get("viewport")
                    + ", " + Math.round(width) + "x" + Math.round(height) + " without scroll bars) of "
                    + driver.getCurrentUrl() + ": it spans x " + left + ".." + right + ", y " + top
                    + ".." + bottom + " of the page");
        }
    }

    private static double number(Map<String, Object> box, String key) {
        return ((Number) box.get(key)).doubleValue();
    }
}
