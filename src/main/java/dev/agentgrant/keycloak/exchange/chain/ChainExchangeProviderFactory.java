package dev.agentgrant.keycloak.exchange.chain;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/**
 * Registers the sub-agent exchange ahead of every other exchange (the task-token guard has order 101, the task-grant
 * exchange 100, Keycloak's {@code standard} 10): it answers true only for requests with an access token as subject and
 * an attestation presentation as actor, which the guard leaves alone because they name the extension's actor type.
 */
public final class ChainExchangeProviderFactory
        implements TokenExchangeProviderFactory, ExtensionProviderFactory<TokenExchangeProvider> {

    public static final String ID = "agent-grant-sub-agent";
    static final int ORDER = 102;

    private final ExtensionVersion version = ExtensionVersion.current();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new ChainExchangeProvider(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(version)
                .with("order", Integer.toString(ORDER))
                .toMap();
    }
}
