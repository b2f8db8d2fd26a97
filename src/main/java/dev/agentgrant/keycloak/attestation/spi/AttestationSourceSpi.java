package dev.agentgrant.keycloak.attestation.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The extension's own SPI for attestation verifiers. Sources are realm components of provider type
 * {@code dev.agentgrant.keycloak.attestation.spi.AttestationSource}, one provider per verifier type.
 */
public final class AttestationSourceSpi implements Spi {

    public static final String NAME = "agent-grant-attestation-source";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AttestationSource.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AttestationSourceFactory.class;
    }
}
