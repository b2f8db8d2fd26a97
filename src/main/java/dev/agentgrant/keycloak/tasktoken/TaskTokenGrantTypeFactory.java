package dev.agentgrant.keycloak.tasktoken;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/** Registers {@link TaskTokenGrantType}, whose shortcut Keycloak encodes into the id of every task token. */
public final class TaskTokenGrantTypeFactory
        implements OAuth2GrantTypeFactory, ExtensionProviderFactory<OAuth2GrantType> {

    private static final TaskTokenGrantType INSTANCE = new TaskTokenGrantType();

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return TaskTokenMark.GRANT_TYPE;
    }

    @Override
    public String getShortcut() {
        return TaskTokenMark.GRANT_SHORTCUT;
    }
}
