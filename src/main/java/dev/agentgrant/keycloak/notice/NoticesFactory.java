package dev.agentgrant.keycloak.notice;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Makes each session's {@link Notices}; keeps, for the server's lifetime, which realms' reasons were logged. */
public final class NoticesFactory implements ExtensionProviderFactory<Notices> {

    public static final String ID = "default";

    private final QuietLog quietLog = new QuietLog();

    @Override
    public Notices create(KeycloakSession session) {
        return new Notices(session, quietLog);
    }

    @Override
    public String getId() {
        return ID;
    }
}
