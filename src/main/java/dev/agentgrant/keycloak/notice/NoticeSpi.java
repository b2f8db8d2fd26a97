package dev.agentgrant.keycloak.notice;

import dev.agentgrant.keycloak.support.ExtensionSpi;

/**
 * The extension's SPI for email notices: one {@link Notices} per Keycloak session (the notices of its transaction),
 * made by {@link NoticesFactory}, which keeps what the server log has already been told.
 */
public final class NoticeSpi extends ExtensionSpi {

    public static final String NAME = "agent-grant-notices";

    public NoticeSpi() {
        super(NAME, Notices.class, NoticesFactory.class);
    }
}
