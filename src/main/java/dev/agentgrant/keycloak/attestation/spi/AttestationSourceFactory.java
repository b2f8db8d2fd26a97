package dev.agentgrant.keycloak.attestation.spi;

import org.keycloak.component.ComponentFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Creates {@link AttestationSource}s of one verifier type (the component's {@code providerId}, e.g.
 * {@code spiffe-jwt-svid}). A third party adds a verifier type by shipping a jar with an implementation registered
 * in {@code META-INF/services/dev.agentgrant.keycloak.attestation.spi.AttestationSourceFactory}.
 *
 * <p>{@code validateConfiguration} must report every problem of a configuration at once.
 */
public interface AttestationSourceFactory
        extends ComponentFactory<AttestationSource, AttestationSource>, ServerInfoAwareProviderFactory {}
