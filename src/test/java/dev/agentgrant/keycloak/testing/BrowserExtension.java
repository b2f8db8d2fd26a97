package dev.agentgrant.keycloak.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests {@link Browser} parameters: each parameter is a browser of its own (two
 * parameters, two people), started for the test and closed after it. When the test method fails, every browser's
 * screenshot and page source are saved as {@code target/browser/<Class.method>-<n>.png} / {@code .html}, {@code n}
 * counting the test's browsers from 1.
 *
 * <p>The evidence is taken right after the test method, before {@code @AfterEach} and before the browsers close:
 * a {@code TestWatcher} would only be told of the failure once they are closed.
 */
public final class BrowserExtension implements ParameterResolver, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Locale locale = parameter
                .findAnnotation(BrowserLocale.class)
                .map(language -> Locale.forLanguageTag(language.value()))
                .orElse(Locale.US);
        Browser browser = Browser.start(locale);
        context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(Browsers.class, type -> new Browsers(), Browsers.class)
                .started
                .add(browser);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Browsers browsers = context.getStore(NAMESPACE).get(Browsers.class, Browsers.class);
        if (browsers == null || context.getExecutionException().isEmpty()) {
            return;
        }
        Path directory =
                HarnessSettings.fromSystemProperties().projectDirectory().resolve("target/browser");
        for (int i = 0; i < browsers.started.size(); i++) {
            Browser browser = browsers.started.get(i);
            String name = testName(context) + "-" + (i + 1);
            try {
                System.err.println("Browser " + (i + 1) + " of " + context.getDisplayName() + " was at "
                        + browser.currentUrl() + "; saved " + browser.saveEvidence(directory, name));
            } catch (RuntimeException e) {
                System.err.println("Browser " + (i + 1) + " of " + context.getDisplayName() + ": cannot save its page ("
                        + e + ")");
            }
        }
    }

    /** {@code Class.method}, plus the invocation's display name for parameterized and repeated tests. */
    private static String testName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getSimpleName() + "."
                + context.getRequiredTestMethod().getName();
        boolean invocation =
                context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
        return (invocation ? name + "-" + context.getDisplayName() : name).replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** The browsers a test (or a test class, for constructor parameters) started; the store closes them. */
    private static final class Browsers implements AutoCloseable {

        private final List<Browser> started = new ArrayList<>();

        @Override
        public void close() {
            RuntimeException failure = null;
            for (Browser browser : started) {
                try {
                    browser.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
