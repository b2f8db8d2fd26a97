package dev.agentgrant.keycloak.attestation.spi;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;

/** The verifier of one realm's attestation source component, for this session. */
public final class AttestationSources {

    private AttestationSources() {}

    /**
     * The source created by the installed, server-configured factory of the component's type (so its server options
     * and the key sets it keeps between sessions apply); {@code null} when this server provides no such type (its
     * jar was removed).
     */
    // Keycloak's replacement, getComponentProvider, builds a separate factory instance per component instead.
    @SuppressWarnings("deprecation")
    public static AttestationSource forComponent(KeycloakSession session, ComponentModel component) {
        return session.getProvider(AttestationSource.class, component);
    }
}
