package dev.agentgrant.keycloak.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver, for the pages a person sees. Each browser has a fresh
 * profile (no cookies, no cache) that is deleted on {@link #close()}. Selenium never downloads anything: the
 * browser and driver are the system's ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or the paths
 * in {@value #BINARY_PROPERTY} / {@value #DRIVER_PROPERTY}); when they are missing the test fails and says how
 * to install them. Tests usually get a browser as a parameter through {@link BrowserExtension}.
 */
public final class Browser implements AutoCloseable {

    public static final String BINARY_PROPERTY = "browser.binary";
    public static final String DRIVER_PROPERTY = "browser.chromedriver";
    private static final String DEFAULT_BINARY = "/usr/bin/chromium";
    private static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";

    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
    /** How long the helpers wait for an element, a URL or a text: single-page apps render after the load event. */
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient FETCH_CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * Selenium logs through java.util.logging (a CDP-version notice on every start, among others). Held here
     * because the logging framework keeps loggers only weakly: a collected logger would forget its level.
     */
    private static final Logger SELENIUM_LOG = quiet(Logger.getLogger("org.openqa.selenium"));

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> languages;

    private Browser(ChromeDriver driver, Path profile, List<String> languages) {
        this.driver = driver;
        this.profile = profile;
        this.languages = languages;
    }

    /** A browser whose interface and {@code Accept-Language} are American English. */
    public static Browser start() {
        return start(Locale.US);
    }

    /** A browser whose interface and {@code Accept-Language} are {@code locale}, e.g. {@link Locale#GERMAN}. */
    public static Browser start(Locale locale) {
        Path binary = requireExecutable(BINARY_PROPERTY, DEFAULT_BINARY, "Chromium");
        Path chromedriver = requireExecutable(DRIVER_PROPERTY, DEFAULT_DRIVER, "chromedriver");
        List<String> languages = acceptLanguages(locale);
        Path profile = createProfile();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments(
                "--headless=new",
                "--window-size=1280,1024",
                "--user-data-dir=" + profile,
                "--lang=" + languages.get(0),
                // Container /dev/shm is often 64 MB, too small for the renderer's shared memory.
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check");
        if (runningAsRoot()) {
            // Chromium will not run as root with its sandbox, which is built on dropping privileges a root process
            // keeps anyway; it exits unless told to run without it (https://crbug.com/638180). CI containers run
            // as root. Everywhere else the sandbox stays on: the browser renders whatever the server under test
            // sends it.
            options.addArguments("--no-sandbox");
        }
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", String.join(",", languages)));
        options.setPageLoadTimeout(PAGE_LOAD_TIMEOUT);
        // The browser's console (script errors, CSP violations, failed loads), for browserLog().
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));

        // A driver executable given to the service is used as is: Selenium Manager (which would look for, and
        // download, a browser and driver) is never consulted.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        try {
            return new Browser(new ChromeDriver(service, options), profile, languages);
        } catch (WebDriverException e) {
            deleteProfile(profile);
            throw new IllegalStateException(
                    "Cannot start " + binary + " through " + chromedriver
                            + " (they must be the same Chromium version): " + e.getMessage(),
                    e);
        }
    }

    /** Loads {@code url} and waits for its load event. */
    public Browser open(URI url) {
        return open(url.toString());
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The page's visible text, as a person reads it. */
    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** Types {@code value} into the visible field whose {@code id} or else {@code name} is {@code idOrName}. */
    public Browser fill(String idOrName, String value) {
        WebElement field = visibleField(idOrName);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** The current value of the visible field whose {@code id} or else {@code name} is {@code idOrName}. */
    public String fieldValue(String idOrName) {
        return visibleField(idOrName).getDomProperty("value");
    }

    /** Clicks the visible button (or submit input) whose text is {@code text}, spaces normalised. */
    public Browser clickButton(String text) {
        String wanted = normalise(text);
        waitFor(
                        "a visible button '" + text + "'",
                        d -> d.findElements(By.cssSelector("button, input[type=submit], input[type=button]")).stream()
                                .filter(WebElement::isDisplayed)
                                .filter(button -> wanted.equals(normalise(
                                        button.getTagName().equals("input")
                                                ? button.getDomAttribute("value")
                                                : button.getText())))
                                .findFirst()
                                .orElse(null))
                .click();
        return this;
    }

    /** Clicks the first element matching {@code cssSelector} once it is visible and enabled. */
    public Browser click(String cssSelector) {
        waitFor(
                        "a clickable '" + cssSelector + "'",
                        ExpectedConditions.elementToBeClickable(By.cssSelector(cssSelector)))
                .click();
        return this;
    }

    public Browser waitForUrlStartingWith(String prefix) {
        waitFor("a URL starting with " + prefix, d -> d.getCurrentUrl().startsWith(prefix) ? Boolean.TRUE : null);
        return this;
    }

    /** Waits until an element matching {@code cssSelector} is on the page (after a navigation the click started). */
    public Browser waitForElement(String cssSelector) {
        waitFor(
                "an element '" + cssSelector + "'",
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(cssSelector)));
        return this;
    }

    public Browser waitForText(String text) {
        waitFor("the text '" + text + "'", d -> pageText().contains(text) ? Boolean.TRUE : null);
        return this;
    }

    /**
     * The underlying WebDriver, for helpers that drive the browser further ({@link Accessibility},
     * {@link Screenshots}).
     */
    public WebDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the page and returns its {@code return} value (Selenium's conversions). */
    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /**
     * Every cookie the browser holds, for every site, HttpOnly ones included (through the DevTools protocol:
     * WebDriver itself only shows the current page's).
     */
    /**
     * What the browser reported on its console since the last call (each entry once): script errors, Content Security
     * Policy violations ("Refused to …"), failed loads, the page's own console output; as {@code LEVEL message}.
     */
    public List<String> browserLog() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    public List<Cookie> cookies() {
        return cookiesOf(driver.executeCdpCommand("Storage.getCookies", Map.of()));
    }

    /** Forgets every cookie of every site (HttpOnly ones included): the next page starts signed out. */
    public Browser clearCookies() {
        driver.executeCdpCommand("Storage.clearCookies", Map.of());
        return this;
    }

    public Optional<Cookie> cookie(String name) {
        return cookies().stream().filter(cookie -> cookie.name().equals(name)).findFirst();
    }

    /**
     * GETs {@code url} outside the browser, with the cookies the browser would send to it and its
     * {@code Accept-Language}, without following redirects. WebDriver does not expose response headers; this
     * is how a test checks a page's framing and content-security headers as the browser received them.
     */
    public Http.Response fetch(String url) {
        String cookieHeader =
                cookiesOf(driver.executeCdpCommand("Network.getCookies", Map.of("urls", List.of(url)))).stream()
                        .map(cookie -> cookie.name() + "=" + cookie.value())
                        .collect(Collectors.joining("; "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(FETCH_TIMEOUT)
                .header("Accept-Language", String.join(",", languages))
                .GET();
        if (!cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
        }
        try {
            return new Http.Response(
                    "GET " + url, FETCH_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes a screenshot ({@code name.png}) and the page source ({@code name.html}) into {@code directory}. */
    public List<Path> saveEvidence(Path directory, String name) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            Path screenshot = directory.resolve(name + ".png");
            Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
            written.add(screenshot);
            Path source = directory.resolve(name + ".html");
            Files.writeString(source, "<!-- " + currentUrl().replace("--", "%2D%2D") + " -->\n" + pageSource());
            written.add(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the browser's page into " + directory, e);
        }
        return written;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile(profile);
        }
    }

    /** A cookie as the browser stores it; {@code domain} starts with a dot unless the cookie is host-only. */
    public record Cookie(
            String name, String value, String domain, String path, boolean secure, boolean httpOnly, String sameSite) {}

    private WebElement visibleField(String idOrName) {
        return waitFor(
                "a visible field with id or name '" + idOrName + "'",
                d -> Stream.concat(d.findElements(By.id(idOrName)).stream(), d.findElements(By.name(idOrName)).stream())
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
    }

    private <T> T waitFor(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT_TIMEOUT)
                    .withMessage(what)
                    // A single-page app re-renders: an element found a moment ago may be gone when it is read.
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "Waited " + WAIT_TIMEOUT.toSeconds() + " s for " + what + " on " + currentUrl() + " (\"" + title()
                            + "\"), page text:\n" + pageText(),
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Cookie> cookiesOf(Map<String, Object> cdpResult) {
        List<Map<String, Object>> cookies = (List<Map<String, Object>>) cdpResult.getOrDefault("cookies", List.of());
        return cookies.stream()
                .map(c -> new Cookie(
                        (String) c.get("name"),
                        (String) c.get("value"),
                        (String) c.get("domain"),
                        (String) c.get("path"),
                        Boolean.TRUE.equals(c.get("secure")),
                        Boolean.TRUE.equals(c.get("httpOnly")),
                        (String) c.get("sameSite")))
                .toList();
    }

    /** {@code de-DE} → {@code [de-DE, de]}; the first is the interface language. */
    private static List<String> acceptLanguages(Locale locale) {
        Set<String> languages = new LinkedHashSet<>();
        languages.add(locale.toLanguageTag());
        languages.add(locale.getLanguage());
        return List.copyOf(languages);
    }

    private static Path requireExecutable(String property, String fallback, String what) {
        String configured = System.getProperty(property);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured.trim());
        if (!Files.isExecutable(path)) {
            fail("Browser tests need Chromium and its chromedriver, and " + what + " is not at " + path
                    + ". Install both (Debian/Ubuntu: apt-get install chromium chromium-driver), or point -D"
                    + BINARY_PROPERTY + " and -D" + DRIVER_PROPERTY
                    + " at a Chromium and the chromedriver of the same version.");
        }
        return path;
    }

    private static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("agent-grant-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a browser profile directory", e);
        }
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(file);
                } catch (NoSuchFileException gone) {
                    // Chromium removed it itself while shutting down.
                }
            }
        } catch (NoSuchFileException gone) {
            // Already deleted.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the browser profile " + profile, e);
        }
    }

    private static String normalise(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.SEVERE);
        return logger;
    }
}
