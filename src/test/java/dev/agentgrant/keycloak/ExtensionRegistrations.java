package dev.agentgrant.keycloak;

import dev.agentgrant.keycloak.support.ExtensionVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The providers the extension registers, read from its own {@code META-INF/services} files in the build output,
 * so tests about "every provider" grow with the extension instead of keeping a list.
 */
public final class ExtensionRegistrations {

    private ExtensionRegistrations() {}

    /** One registered provider: the SPI it belongs to, its id, and its factory class. */
    public record Registration(String spi, String providerId, Class<?> factoryClass) {}

    /**
     * The root of the extension's own build output: target/classes for unit tests, the root of the provider
     * jar for integration tests (failsafe puts the packaged jar on the class path).
     */
    public static synchronized Path artifactRoot() {
        try {
            Path location = Path.of(ExtensionVersion.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isDirectory(location)) {
                return location;
            }
            if (jar == null) {
                jar = FileSystems.newFileSystem(location);
            }
            return jar.getPath("/");
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot locate the extension's build output", e);
        }
    }

    private static FileSystem jar;

    /** Service files of the extension: interface name → implementation class names. */
    public static Map<String, List<String>> serviceFiles() {
        Path services = artifactRoot().resolve("META-INF/services");
        Map<String, List<String>> files = new HashMap<>();
        if (!Files.isDirectory(services)) {
            return files;
        }
        try (Stream<Path> list = Files.list(services)) {
            for (Path file : list.toList()) {
                List<String> implementations = Files.readAllLines(file).stream()
                        .map(line -> line.replaceAll("#.*", "").trim())
                        .filter(line -> !line.isEmpty())
                        .toList();
                files.put(file.getFileName().toString(), implementations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Every provider factory the extension registers with one of Keycloak's SPIs, with the SPI's name. */
    public static List<Registration> providers() {
        Map<Class<?>, String> spiNames = keycloakSpiNamesByFactoryType();
        List<Registration> registrations = new ArrayList<>();
        for (Map.Entry<String, List<String>> file : serviceFiles().entrySet()) {
            Class<?> serviceType = load(file.getKey());
            if (!ProviderFactory.class.isAssignableFrom(serviceType)) {
                continue; // e.g. the extension's own Spi declarations
            }
            String spi = spiNames.get(serviceType);
            if (spi == null) {
                throw new IllegalStateException("No Keycloak SPI declares factory type " + serviceType.getName());
            }
            for (String implementation : file.getValue()) {
                Class<?> factoryClass = load(implementation);
                registrations.add(
                        new Registration(spi, instantiate(factoryClass).getId(), factoryClass));
            }
        }
        return registrations;
    }

    private static Map<Class<?>, String> keycloakSpiNamesByFactoryType() {
        Map<Class<?>, String> names = new HashMap<>();
        Iterator<Spi> spis = ServiceLoader.load(Spi.class).iterator();
        while (true) {
            try {
                if (!spis.hasNext()) {
                    break;
                }
                Spi spi = spis.next();
                names.put(spi.getProviderFactoryClass(), spi.getName());
            } catch (ServiceConfigurationError | LinkageError notOnTestClasspath) {
                // Keycloak is on the test classpath without its transitive graph; SPIs needing more are skipped.
            }
        }
        return names;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Registered class not found: " + name, e);
        }
    }

    private static ProviderFactory<?> instantiate(Class<?> factoryClass) {
        try {
            return (ProviderFactory<?>) factoryClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot instantiate " + factoryClass.getName(), e);
        }
    }
}
