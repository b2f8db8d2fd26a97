package dev.agentgrant.keycloak.grant;

import dev.agentgrant.keycloak.support.ColumnLimits;

/** Who ended a grant, as stored in its {@code ended_by} column. */
public final class GrantActors {

    private GrantActors() {
    }

    /**
     * The agent client that ended a grant: {@code agent:<client_id>}, or {@code agent-id:<internal id>} when the
     * client_id (up to 255 characters in Keycloak) would not fit the column with its prefix.
     */
    public static String agent(String clientId, String clientInternalId) {
        String byName = "agent:" + clientId;
        return ColumnLimits.fits(byName, ColumnLimits.ENDED_BY) ? byName : "agent-id:" + clientInternalId;
    }
}
