package dev.agentgrant.keycloak.introspection;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/**
 * Takes Keycloak's {@code access_token} introspection id: with the same id and order, Keycloak prefers a deployed
 * provider over its built-in one ({@code ProviderManager.compareFactories}). Tokens that are not task tokens are
 * still answered by Keycloak's own code (the provider extends it).
 */
public final class TaskTokenIntrospectionProviderFactory implements TokenIntrospectionProviderFactory,
        ExtensionProviderFactory<TokenIntrospectionProvider> {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new TaskTokenIntrospectionProvider(session);
    }

    @Override
    public String getId() {
        return AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE;
    }
}
