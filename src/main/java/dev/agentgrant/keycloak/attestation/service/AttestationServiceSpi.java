package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.support.ExtensionSpi;

/** Makes the attestation service available as {@code session.getProvider(AttestationService.class)}. */
public final class AttestationServiceSpi extends ExtensionSpi {

    public static final String NAME = "agent-grant-attestation";

    public AttestationServiceSpi() {
        super(NAME, AttestationService.class, AttestationServiceFactory.class);
    }
}
