package dev.agentgrant.keycloak.support;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Base of the extension's own SPIs: public (not internal, so third parties may implement them without Keycloak's
 * internal-SPI warning), named {@code agent-grant-…}.
 */
@SuppressWarnings("rawtypes") // Keycloak's Spi declares the factory class as a raw ProviderFactory.
public abstract class ExtensionSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    private final Class<? extends ProviderFactory> factoryClass;

    protected ExtensionSpi(
            String name, Class<? extends Provider> providerClass, Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    @Override
    public final boolean isInternal() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
