package dev.agentgrant.keycloak.tasktoken;

import java.util.Map;

/**
 * What makes a token a task token, decided from what Keycloak parsed out of it: the grant type encoded in its
 * {@code jti} (Keycloak's token context, the same one Keycloak's bearer authentication reads to decide which
 * endpoints a token may reach) is {@link #GRANT_TYPE}, or its payload carries {@code grant_id}. Either is enough,
 * so a token that carries only one of them is still confined (fail closed): a client whose mappers add a
 * {@code grant_id} claim gets tokens that only the extension's introspection honours, and it answers them inactive.
 */
public final class TaskTokenMark {

    /**
     * The grant type under which task tokens are minted. Registered with Keycloak as a grant type of its own so that
     * Keycloak encodes it into every task token's id and its endpoint restriction check can refuse the token; no
     * client can use it at the token endpoint (task tokens come from the RFC 8693 exchange).
     */
    public static final String GRANT_TYPE = "urn:agentgrant:grant-type:task-token";

    /** Keycloak's two-letter code of {@link #GRANT_TYPE} inside token ids; unique among Keycloak 26.7's grant types. */
    public static final String GRANT_SHORTCUT = "tg";

    /** The claim naming the grant a task token was minted for. */
    public static final String GRANT_ID_CLAIM = "grant_id";

    private TaskTokenMark() {}

    /**
     * @param contextGrantType the grant type Keycloak decoded from the token's id, null when the id has no context
     * @param otherClaims      the claims of the payload beyond those Keycloak models
     */
    public static boolean isTaskToken(String contextGrantType, Map<String, Object> otherClaims) {
        return GRANT_TYPE.equals(contextGrantType) || (otherClaims != null && otherClaims.containsKey(GRANT_ID_CLAIM));
    }
}
