package dev.agentgrant.keycloak.support;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * A provider factory of the extension that keeps no server-lifetime state of its own: nothing to set up or
 * release, and the extension's version on the server info page. Factories with state implement the lifecycle
 * methods themselves.
 */
public interface ExtensionProviderFactory<T extends Provider>
        extends ProviderFactory<T>, ServerInfoAwareProviderFactory {

    @Override
    default void init(Config.Scope config) {}

    @Override
    default void postInit(KeycloakSessionFactory factory) {}

    @Override
    default void close() {}

    @Override
    default Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(ExtensionVersion.current()).toMap();
    }
}
