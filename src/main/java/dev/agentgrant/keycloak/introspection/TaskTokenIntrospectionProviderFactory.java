package dev.agentgrant.keycloak.introspection;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import java.util.function.Function;
import org.keycloak.authorization.protection.introspect.RPTIntrospectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;
import org.keycloak.representations.AccessToken;

/**
 * Takes the id of one of Keycloak's introspection providers — Keycloak picks the provider by the request's
 * {@code token_type_hint} and, for one id, prefers a deployed provider over its built-in one
 * ({@code ProviderManager.compareFactories}). Task tokens are answered by {@link TaskTokenIntrospectionProvider}
 * under every hint; every other token by Keycloak's own provider for that hint, unchanged.
 */
public abstract sealed class TaskTokenIntrospectionProviderFactory
        implements TokenIntrospectionProviderFactory, ExtensionProviderFactory<TokenIntrospectionProvider> {

    private final String hint;
    private final Function<KeycloakSession, TokenIntrospectionProvider> keycloaks;

    TaskTokenIntrospectionProviderFactory(
            String hint, Function<KeycloakSession, TokenIntrospectionProvider> keycloaks) {
        this.hint = hint;
        this.keycloaks = keycloaks;
    }

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new TaskTokenIntrospectionProvider(session, keycloaks.apply(session));
    }

    @Override
    public String getId() {
        return hint;
    }

    /** {@code access_token}, also the hint Keycloak assumes when a request names none. */
    public static final class AccessTokenHint extends TaskTokenIntrospectionProviderFactory {
        public AccessTokenHint() {
            super(
                    AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE,
                    AccessTokenIntrospectionProvider<AccessToken>::new);
        }
    }

    /** {@code refresh_token}: a task token never has one, but a caller may still send a task token with this hint. */
    public static final class RefreshTokenHint extends TaskTokenIntrospectionProviderFactory {
        public static final String ID = "refresh_token";

        public RefreshTokenHint() {
            super(ID, RefreshTokenIntrospectionProvider::new);
        }
    }

    /** {@code requesting_party_token}, Keycloak's UMA introspection. */
    public static final class RequestingPartyTokenHint extends TaskTokenIntrospectionProviderFactory {
        public static final String ID = "requesting_party_token";

        public RequestingPartyTokenHint() {
            super(ID, RPTIntrospectionProvider::new);
        }
    }
}
