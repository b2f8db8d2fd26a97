package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/**
 * Registers {@link TaskTokenGuard} ahead of every other exchange ({@code standard} has order 10, {@code default} 0,
 * the task-grant exchange 100), so no other path ever sees a task token as its subject.
 */
public final class TaskTokenGuardFactory
        implements TokenExchangeProviderFactory, ExtensionProviderFactory<TokenExchangeProvider> {

    public static final String ID = "agent-grant-task-token-guard";
    static final int ORDER = 101;
    private static final TaskTokenGuard INSTANCE = new TaskTokenGuard();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public int order() {
        return ORDER;
    }
}
