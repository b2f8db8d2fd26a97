package dev.agentgrant.keycloak.attestation.service;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Makes the attestation service available as {@code session.getProvider(AttestationService.class)}. */
public final class AttestationServiceSpi implements Spi {

    public static final String NAME = "agent-grant-attestation";

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
        return AttestationService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AttestationServiceFactory.class;
    }
}
