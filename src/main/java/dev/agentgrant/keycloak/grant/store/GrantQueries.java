package dev.agentgrant.keycloak.grant.store;

/**
 * The JPQL the grant store runs, in one place. Each statement names the grant as {@code AgentGrantTaskGrant}
 * ({@link TaskGrantEntity#ENTITY_NAME}); every value is a parameter. The transitions are conditional {@code UPDATE}s:
 * the {@code where} clause is the state machine's edge, so of two racing transitions exactly one changes the row.
 */
final class GrantQueries {

    private GrantQueries() {}

    static final String BY_USER_CODE =
            "select g from AgentGrantTaskGrant g" + " where g.realmId = :realmId and g.userCodeHash = :hash";

    static final String COUNT_PENDING_BY_AGENT = "select count(g) from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.agentId = :agentId and g.status = 'PENDING' and g.approvalExpiresAt > :now";

    static final String COUNT_PENDING_BY_AGENT_AND_HINT = "select count(g) from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.agentId = :agentId and g.loginHint = :hint and g.status = 'PENDING'"
            + " and g.approvalExpiresAt > :now";

    static final String APPROVE = "update AgentGrantTaskGrant g set g.status = 'APPROVED',"
            + " g.userId = :userId, g.approvedScope = :scope, g.approvedLifetime = :lifetime, g.expiresAt = :expiresAt,"
            + " g.decidedAt = :now, g.authTime = :authTime, g.acr = :acr, g.authMethods = :authMethods,"
            + " g.approvedDelegates = :delegates, g.userCodeHash = null, g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt > :now";

    static final String DENY = "update AgentGrantTaskGrant g set g.status = 'DENIED',"
            + " g.userId = :userId, g.decidedAt = :now, g.endedAt = :now, g.endedBy = :actor, g.endReason = :reason,"
            + " g.userCodeHash = null, g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt > :now";

    static final String EXPIRE_PENDING = "update AgentGrantTaskGrant g set g.status = 'EXPIRED',"
            + " g.endedAt = :now, g.endedBy = 'system', g.endReason = 'approval_timeout', g.userCodeHash = null, g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt <= :now";

    static final String EXPIRE_APPROVED = "update AgentGrantTaskGrant g set g.status = 'EXPIRED',"
            + " g.endedAt = :now, g.endedBy = 'system', g.endReason = 'lifetime_ended', g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.expiresAt <= :now";

    static final String REVOKE = "update AgentGrantTaskGrant g set g.status = 'REVOKED',"
            + " g.endedAt = :now, g.endedBy = :actor, g.endReason = :reason, g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.expiresAt > :now";

    static final String CONSUME_USE = "update AgentGrantTaskGrant g set g.uses = g.uses + 1,"
            + " g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.uses < g.maxUses"
            + " and g.expiresAt > :now";

    /**
     * {@link #CONSUME_USE} held to the count the caller read: it changes the row only while the use count is still the
     * one seen, so one changed row means the count is now that one plus one. Every other column of an approved grant
     * stays as it was until the grant ends (no statement here changes it otherwise), and the status condition rules an
     * ending out.
     */
    static final String CONSUME_SEEN_USE = CONSUME_USE + " and g.uses = :seen";

    static final String EXHAUST = "update AgentGrantTaskGrant g set g.status = 'EXHAUSTED',"
            + " g.endedAt = :now, g.endedBy = 'system', g.endReason = 'max_uses_reached', g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.uses >= g.maxUses";

    static final String BY_USER = "select g from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.userId = :userId order by g.requestedAt desc";

    static final String PENDING_BY_HINTS = "select g from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.loginHint in :hints and g.status = 'PENDING'"
            + " and g.approvalExpiresAt > :now order by g.requestedAt desc";

    static final String DENY_UNDECIDED = "update AgentGrantTaskGrant g set g.status = 'DENIED',"
            + " g.decidedAt = :now, g.endedAt = :now, g.endedBy = :actor, g.endReason = :reason,"
            + " g.userCodeHash = null, g.updatedAt = :now"
            + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt > :now";

    static final String ACTIVE_OF_USER = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.userId = :userId and g.status = 'APPROVED' and g.expiresAt > :now";

    static final String OPEN_OF_AGENT = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.agentId = :agentId"
            + " and ((g.status = 'APPROVED' and g.expiresAt > :now) or (g.status = 'PENDING' and g.approvalExpiresAt > :now))";

    /** Approved, unexpired grants whose person let the task be handed to that sub-agent (by client_id). */
    static final String APPROVED_HANDING_TO = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.status = 'APPROVED' and g.expiresAt > :now"
            + " and concat(' ', g.approvedDelegates, ' ') like :pattern escape '!'";

    /** '!' escapes LIKE wildcards: a backslash would itself be an escape character in MariaDB string literals. */
    static final String OPEN_FROM_SOURCE = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.attestationSources like :pattern escape '!'"
            + " and ((g.status = 'APPROVED' and g.expiresAt > :now) or (g.status = 'PENDING' and g.approvalExpiresAt > :now))";

    static final String OF_PERSON = "select g from AgentGrantTaskGrant g where g.realmId = :realmId"
            + " and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))"
            + " order by g.requestedAt desc, g.id desc";

    static final String IDS_OF_PERSON = "select g.id from AgentGrantTaskGrant g where g.realmId = :realmId"
            + " and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))";

    static final String DELETE_OF_PERSON = "delete from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.id in :ids"
            + " and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))";

    static final String DEPENDING_ON_CLIENT = "select g.id, g.status, g.agentClientId"
            + " from AgentGrantTaskGrant g where g.realmId = :realmId"
            + " and (g.agentId = :agentId or g.audience = :clientId) and g.status in ('APPROVED', 'PENDING')";

    /** Approved, unexpired grants per agent of the realm; agents without one have no row. */
    static final String ACTIVE_COUNT_BY_AGENT = "select g.agentId, count(g) from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.status = 'APPROVED' and g.expiresAt > :now group by g.agentId";

    /** The same for the agents named (a page of the admin's agent list). */
    static final String ACTIVE_COUNT_OF_AGENTS = "select g.agentId, count(g) from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.agentId in :agentIds and g.status = 'APPROVED' and g.expiresAt > :now"
            + " group by g.agentId";

    static final String APPROVED_OF_USER = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.realmId = :realmId and g.userId = :userId and g.status = 'APPROVED'";

    /*
     * Due for expiry: one query per status, each ordered by the time its index (status, time) holds, so the database
     * reads the due rows from the index and stops. One query with both conditions OR-ed was planned as a scan of the
     * whole table on PostgreSQL (it expected many due rows, as status and expiry times are correlated), on every
     * cleanup run even with nothing due (docs/performance.md, "A million grants").
     */
    static final String PENDING_DUE = "select g.realmId, g.id, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.status = 'PENDING' and g.approvalExpiresAt <= :now order by g.approvalExpiresAt";

    static final String APPROVED_DUE = "select g.realmId, g.id, g.agentClientId from AgentGrantTaskGrant g"
            + " where g.status = 'APPROVED' and g.expiresAt <= :now order by g.expiresAt";

    static final String DELETE_BY_REALM = "delete from AgentGrantTaskGrant g where g.realmId = :realmId";
}
