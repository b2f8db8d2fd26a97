package dev.agentgrant.keycloak.exchange.chain;

import dev.agentgrant.keycloak.exchange.ExchangeProviderFactory;

/**
 * Registers the sub-agent exchange ahead of every other exchange (the task-token guard has order 101, the task-grant
 * exchange 100, Keycloak's {@code standard} 10): it answers true only for requests with an access token as subject and
 * an attestation presentation as actor, which the guard leaves alone because they name the extension's actor type.
 */
public final class ChainExchangeProviderFactory extends ExchangeProviderFactory {

    public static final String ID = "agent-grant-sub-agent";
    static final int ORDER = 102;

    public ChainExchangeProviderFactory() {
        super(ID, ORDER, ChainExchangeProvider::new);
    }
}
