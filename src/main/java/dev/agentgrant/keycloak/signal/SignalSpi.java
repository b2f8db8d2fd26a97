package dev.agentgrant.keycloak.signal;

import dev.agentgrant.keycloak.support.ExtensionSpi;

/**
 * The extension's SPI for the revocation push (README.md, "Revocation push"): one {@link Signals} per Keycloak session
 * (what its transaction queues), made by {@link SignalsFactory}, which owns the node's deliverer and the server options.
 */
public final class SignalSpi extends ExtensionSpi {

    public static final String NAME = "agent-grant-signals";

    public SignalSpi() {
        super(NAME, Signals.class, SignalsFactory.class);
    }
}
