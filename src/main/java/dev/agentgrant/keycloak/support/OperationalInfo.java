package dev.agentgrant.keycloak.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each of the extension's provider factories shows on Keycloak's server info page
 * ({@code ServerInfoAwareProviderFactory#getOperationalInfo()}): always the extension version and the Keycloak
 * version it was built for, then whatever the factory adds about its own configuration.
 */
public final class OperationalInfo {

    public static final String VERSION = "version";
    public static final String BUILT_FOR_KEYCLOAK = "built-for-keycloak";

    private final Map<String, String> entries = new LinkedHashMap<>();

    private OperationalInfo(ExtensionVersion version) {
        entries.put(VERSION, version.version());
        entries.put(BUILT_FOR_KEYCLOAK, version.keycloakVersion());
    }

    public static OperationalInfo of(ExtensionVersion version) {
        return new OperationalInfo(version);
    }

    public OperationalInfo with(String key, String value) {
        if (entries.containsKey(key)) {
            throw new IllegalArgumentException("Operational info key '" + key + "' is reserved or already set");
        }
        entries.put(key, value);
        return this;
    }

    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
