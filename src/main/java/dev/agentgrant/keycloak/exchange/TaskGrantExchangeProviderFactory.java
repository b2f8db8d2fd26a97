package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/**
 * Registers the task-grant exchange ahead of Keycloak's own ({@code standard} has order 10, {@code default} 0): the
 * first provider whose {@code supports()} answers true handles a request, and this one answers true only for
 * requests naming the extension's token types.
 */
public final class TaskGrantExchangeProviderFactory
        implements TokenExchangeProviderFactory, ExtensionProviderFactory<TokenExchangeProvider> {

    public static final String ID = "agent-grant-task-grant";
    static final int ORDER = 100;

    private final ExtensionVersion version = ExtensionVersion.current();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new TaskGrantExchangeProvider(session);
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
