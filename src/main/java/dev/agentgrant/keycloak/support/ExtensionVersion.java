package dev.agentgrant.keycloak.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The extension's own version and the Keycloak version it was built against, stamped into the jar at build
 * time. Every provider factory reports them through {@code ServerInfoAwareProviderFactory}, so an admin can
 * see in the server info which build a realm runs.
 */
public final class ExtensionVersion {

    private static final String RESOURCE = "extension.properties";

    private final String version;
    private final String keycloakVersion;

    private ExtensionVersion(String version, String keycloakVersion) {
        this.version = version;
        this.keycloakVersion = keycloakVersion;
    }

    /** Reads the stamped version; a jar built without its resources is a packaging error and fails loudly. */
    public static ExtensionVersion current() {
        try (InputStream in = ExtensionVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE + " next to " + ExtensionVersion.class.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            return new ExtensionVersion(required(properties, "version"), required(properties, "keycloak.version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(RESOURCE + " has no resolved '" + key + "'");
        }
        return value;
    }

    public String version() {
        return version;
    }

    public String keycloakVersion() {
        return keycloakVersion;
    }
}
