package dev.agentgrant.keycloak.attestation.spi;

import dev.agentgrant.keycloak.support.ExtensionSpi;

/**
 * The extension's own SPI for attestation verifiers. Sources are realm components of provider type
 * {@code dev.agentgrant.keycloak.attestation.spi.AttestationSource}, one provider per verifier type.
 */
public final class AttestationSourceSpi extends ExtensionSpi {

    public static final String NAME = "agent-grant-attestation-source";

    public AttestationSourceSpi() {
        super(NAME, AttestationSource.class, AttestationSourceFactory.class);
    }
}
