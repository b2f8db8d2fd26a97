package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.attestation.service.AttestationServiceFactory;
import dev.agentgrant.keycloak.attestation.source.TrustFetching;
import dev.agentgrant.keycloak.attestation.spi.AttestationSourceSpi;
import dev.agentgrant.keycloak.attestation.trust.CachedKeySet;
import dev.agentgrant.keycloak.attestation.trust.KeySetFetcher;
import dev.agentgrant.keycloak.grant.lifecycle.GrantLifecycleListenerFactory;
import dev.agentgrant.keycloak.signal.SignalsFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Every server option the extension reads is declared in its provider's {@code getConfigMetadata()} with the default
 * in force, and the README's option table names it as Keycloak spells it (command line and environment variable)
 * with that default.
 */
class ExtensionServerOptionsTest {

    private static final String PREFIX = "agentgrant.test.extension-options.";
    private static final Path SERVICES = Path.of("src/main/resources/META-INF/services");
    /** The README's placeholder for the attestation source type, whose options are the same for every type. */
    private static final String ANY_SOURCE = "<source>";

    private static final Map<String, Object> TRUST_OPTIONS = ordered(
            "trust-fetch-timeout",
            5L,
            "trust-max-bytes",
            262_144,
            "trust-allow-http",
            false,
            "trust-refresh-interval",
            300L,
            "trust-min-refetch-interval",
            30L,
            "trust-max-stale",
            86_400L);

    private record Declared(String spi, String provider, Map<String, Object> defaults) {}

    @AfterEach
    void clearProperties() {
        System.clearProperty(PREFIX + GrantLifecycleListenerFactory.CLEANUP_INTERVAL.name());
    }

    @Test
    void everyFactoryWithOptionsDeclaresThemWithTheirDefaults() throws IOException {
        Map<String, Map<String, Object>> declared = new TreeMap<>();
        for (Declared options : declaredOptions()) {
            declared.put(options.spi() + "/" + options.provider(), options.defaults());
        }

        Map<String, Map<String, Object>> expected = new TreeMap<>();
        expected.put("events-listener/agent-grant-lifecycle", ordered("cleanup-interval", 300L));
        expected.put("agent-grant-attestation/default", ordered("cache-max-entries", 10_000, "cache-max-ttl", 300L));
        expected.put(
                "agent-grant-signals/default",
                ordered(
                        "poll-interval",
                        10L,
                        "retry-initial-delay",
                        5L,
                        "retry-max-delay",
                        300L,
                        "retry-max-attempts",
                        300,
                        "retry-max-age",
                        86_400L,
                        "push-timeout",
                        10L,
                        "delivered-retention",
                        604_800L,
                        "dead-letter-retention",
                        2_592_000L));
        for (String source : List.of("spiffe-jwt-svid", "kubernetes-service-account", "oidc-workload", "in-toto")) {
            expected.put("agent-grant-attestation-source/" + source, TRUST_OPTIONS);
        }
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void unsetOptionsReadAsTheDeclaredDefaults() {
        TrustFetching trust = TrustFetching.fromServerOptions(emptyScope());
        assertThat(trust.fetch()).isEqualTo(KeySetFetcher.Settings.defaults());
        assertThat(trust.cache()).isEqualTo(CachedKeySet.Settings.defaults());

        AttestationServiceFactory attestation = new AttestationServiceFactory();
        attestation.init(emptyScope());
        assertThat(attestation.getOperationalInfo())
                .containsEntry("cache-max-entries", "10000")
                .containsEntry("cache-max-ttl", "300s");
        attestation.close();

        for (ServerOption<?> option : allOptions()) {
            assertThat(option.read(emptyScope())).as(option.name()).isEqualTo(option.defaultValue());
        }
    }

    @Test
    void theCleanupIntervalIsReadUnderItsDeclaredNameAndMustBePositive() {
        System.setProperty(PREFIX + GrantLifecycleListenerFactory.CLEANUP_INTERVAL.name(), "0");

        assertThatThrownBy(() -> new GrantLifecycleListenerFactory().init(emptyScope()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cleanup-interval");
    }

    @Test
    void theReadmeListsEveryOptionWithItsSpellingsAndDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> rows =
                readme.lines().filter(line -> line.startsWith("| `--spi-")).toList();

        for (Declared options : declaredOptions()) {
            boolean perSource = options.spi().equals(AttestationSourceSpi.NAME);
            String provider = perSource ? ANY_SOURCE : options.provider();
            if (perSource) {
                assertThat(readme).as("source type " + options.provider()).contains("`" + options.provider() + "`");
            }
            options.defaults().forEach((name, defaultValue) -> {
                String commandLine = "--spi-" + options.spi() + "--" + provider + "--" + name;
                assertThat(rows)
                        .as(commandLine)
                        .anyMatch(line -> line.startsWith(row(commandLine, "`" + defaultValue + "`")));
            });
        }
        Map<String, Boolean> keycloakDefaults = Map.of(
                RequestParameterLimits.PARAMS_FAIL_FAST, RequestParameterLimits.DEFAULT_PARAMS_FAIL_FAST,
                RequestParameterLimits.TOKEN_PARAMS_FAIL_FAST, RequestParameterLimits.DEFAULT_TOKEN_PARAMS_FAIL_FAST);
        keycloakDefaults.forEach((option, defaultValue) -> {
            String commandLine = RequestParameterLimits.commandLine(option);
            assertThat(rows)
                    .as(commandLine)
                    .anyMatch(line -> line.startsWith(row(commandLine, "`" + defaultValue + "`")));
        });
    }

    /** A table row's start: the option on the command line, as an environment variable, and its default. */
    private static String row(String commandLine, String shownDefault) {
        String environment =
                "KC_" + commandLine.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
        return "| `" + commandLine + "` | `" + environment + "` | " + shownDefault + " |";
    }

    private static List<ServerOption<?>> allOptions() {
        List<ServerOption<?>> options = new ArrayList<>(TrustFetching.OPTIONS);
        options.add(GrantLifecycleListenerFactory.CLEANUP_INTERVAL);
        options.add(AttestationServiceFactory.CACHE_MAX_ENTRIES);
        options.add(AttestationServiceFactory.CACHE_MAX_TTL);
        options.add(SignalsFactory.POLL_INTERVAL);
        options.add(SignalsFactory.RETRY_INITIAL_DELAY);
        options.add(SignalsFactory.RETRY_MAX_DELAY);
        options.add(SignalsFactory.RETRY_MAX_ATTEMPTS);
        options.add(SignalsFactory.RETRY_MAX_AGE);
        options.add(SignalsFactory.PUSH_TIMEOUT);
        options.add(SignalsFactory.DELIVERED_RETENTION);
        options.add(SignalsFactory.DEAD_LETTER_RETENTION);
        return options;
    }

    /** Every provider factory the extension registers that declares options, with its SPI as Keycloak spells it. */
    private static List<Declared> declaredOptions() throws IOException {
        List<Spi> spis = ServiceLoader.load(Spi.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        List<Declared> declared = new ArrayList<>();
        for (ProviderFactory<?> factory : registeredFactories()) {
            List<ProviderConfigProperty> metadata = factory.getConfigMetadata();
            if (metadata == null || metadata.isEmpty()) {
                continue;
            }
            Map<String, Object> defaults = new LinkedHashMap<>();
            metadata.forEach(property -> defaults.put(property.getName(), property.getDefaultValue()));
            declared.add(new Declared(spiOf(factory, spis), factory.getId(), defaults));
        }
        return declared;
    }

    private static List<ProviderFactory<?>> registeredFactories() throws IOException {
        List<ProviderFactory<?>> factories = new ArrayList<>();
        try (Stream<Path> files = Files.list(SERVICES)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals(Spi.class.getName()))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        factories.add(instantiate(line.trim()));
                    }
                }
            }
        }
        return factories;
    }

    private static ProviderFactory<?> instantiate(String className) {
        try {
            return (ProviderFactory<?>)
                    Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + className, e);
        }
    }

    /** The SPI whose factory type is the most specific one this factory implements, in Keycloak's option spelling. */
    private static String spiOf(ProviderFactory<?> factory, List<Spi> spis) {
        Spi match = null;
        for (Spi spi : spis) {
            if (spi.getProviderFactoryClass().isInstance(factory)
                    && (match == null
                            || match.getProviderFactoryClass().isAssignableFrom(spi.getProviderFactoryClass()))) {
                match = spi;
            }
        }
        assertThat(match).as("SPI of " + factory.getClass().getName()).isNotNull();
        return match.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Config.Scope emptyScope() {
        return new Config.SystemPropertiesScope(PREFIX);
    }

    private static Map<String, Object> ordered(Object... namesAndDefaults) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDefaults.length; i += 2) {
            map.put((String) namesAndDefaults[i], namesAndDefaults[i + 1]);
        }
        return map;
    }
}
