package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/**
 * Registers one of the extension's exchanges ({@link ExchangeProvider}) under its id and order: Keycloak asks the
 * exchange providers in descending order and the first whose {@code supports()} answers true handles a request. The
 * order is on the server info page with the extension's version.
 */
public abstract class ExchangeProviderFactory
        implements TokenExchangeProviderFactory, ExtensionProviderFactory<TokenExchangeProvider> {

    private final String id;
    private final int order;
    private final Function<KeycloakSession, ExchangeProvider> provider;
    private final ExtensionVersion version = ExtensionVersion.current();

    protected ExchangeProviderFactory(String id, int order, Function<KeycloakSession, ExchangeProvider> provider) {
        this.id = id;
        this.order = order;
        this.provider = provider;
    }

    @Override
    public final TokenExchangeProvider create(KeycloakSession session) {
        return provider.apply(session);
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public final Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(version)
                .with("order", Integer.toString(order))
                .toMap();
    }
}
