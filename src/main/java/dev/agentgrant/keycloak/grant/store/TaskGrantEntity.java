package dev.agentgrant.keycloak.grant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One task grant row. Transitions never load-modify-save this entity: {@link GrantStore} changes {@code STATUS} with
 * one conditional {@code UPDATE … WHERE STATUS = :expected}, so of two racing transitions exactly one changes a row,
 * on one node or many. Times are epoch milliseconds; lifetimes are seconds. Lives outside {@code org.keycloak.*}:
 * Keycloak's build-time scan would skip it there.
 */
@Entity(name = TaskGrantEntity.ENTITY_NAME)
@Table(name = "AGENT_GRANT_TASK_GRANT")
@NamedQueries({
        @NamedQuery(name = "agentGrantByUserCode", query = "select g from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.userCodeHash = :hash"),
        @NamedQuery(name = "agentGrantCountPendingByAgent", query = "select count(g) from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.agentId = :agentId and g.status = 'PENDING' and g.approvalExpiresAt > :now"),
        @NamedQuery(name = "agentGrantCountPendingByAgentAndHint", query = "select count(g) from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.agentId = :agentId and g.loginHint = :hint and g.status = 'PENDING'"
                + " and g.approvalExpiresAt > :now"),
        @NamedQuery(name = "agentGrantApprove", query = "update AgentGrantTaskGrant g set g.status = 'APPROVED',"
                + " g.userId = :userId, g.approvedScope = :scope, g.approvedLifetime = :lifetime, g.expiresAt = :expiresAt,"
                + " g.decidedAt = :now, g.authTime = :authTime, g.acr = :acr, g.authMethods = :authMethods,"
                + " g.userCodeHash = null, g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt > :now"),
        @NamedQuery(name = "agentGrantDeny", query = "update AgentGrantTaskGrant g set g.status = 'DENIED',"
                + " g.userId = :userId, g.decidedAt = :now, g.endedAt = :now, g.endedBy = :actor, g.endReason = :reason,"
                + " g.userCodeHash = null, g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt > :now"),
        @NamedQuery(name = "agentGrantExpirePending", query = "update AgentGrantTaskGrant g set g.status = 'EXPIRED',"
                + " g.endedAt = :now, g.endedBy = 'system', g.endReason = 'approval_timeout', g.userCodeHash = null, g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt <= :now"),
        @NamedQuery(name = "agentGrantExpireApproved", query = "update AgentGrantTaskGrant g set g.status = 'EXPIRED',"
                + " g.endedAt = :now, g.endedBy = 'system', g.endReason = 'lifetime_ended', g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.expiresAt <= :now"),
        @NamedQuery(name = "agentGrantRevoke", query = "update AgentGrantTaskGrant g set g.status = 'REVOKED',"
                + " g.endedAt = :now, g.endedBy = :actor, g.endReason = :reason, g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.expiresAt > :now"),
        @NamedQuery(name = "agentGrantConsumeUse", query = "update AgentGrantTaskGrant g set g.uses = g.uses + 1,"
                + " g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.uses < g.maxUses"
                + " and g.expiresAt > :now"),
        @NamedQuery(name = "agentGrantExhaust", query = "update AgentGrantTaskGrant g set g.status = 'EXHAUSTED',"
                + " g.endedAt = :now, g.endedBy = 'system', g.endReason = 'max_uses_reached', g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'APPROVED' and g.uses >= g.maxUses"),
        @NamedQuery(name = "agentGrantByUser", query = "select g from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.userId = :userId order by g.requestedAt desc"),
        @NamedQuery(name = "agentGrantPendingByHints", query = "select g from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.loginHint in :hints and g.status = 'PENDING'"
                + " and g.approvalExpiresAt > :now order by g.requestedAt desc"),
        @NamedQuery(name = "agentGrantDenyUndecided", query = "update AgentGrantTaskGrant g set g.status = 'DENIED',"
                + " g.decidedAt = :now, g.endedAt = :now, g.endedBy = :actor, g.endReason = :reason,"
                + " g.userCodeHash = null, g.updatedAt = :now"
                + " where g.id = :id and g.realmId = :realmId and g.status = 'PENDING' and g.approvalExpiresAt > :now"),
        @NamedQuery(name = "agentGrantActiveOfUser", query = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.userId = :userId and g.status = 'APPROVED' and g.expiresAt > :now"),
        @NamedQuery(name = "agentGrantOpenOfAgent", query = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.agentId = :agentId"
                + " and ((g.status = 'APPROVED' and g.expiresAt > :now) or (g.status = 'PENDING' and g.approvalExpiresAt > :now))"),
        // '!' escapes LIKE wildcards: a backslash would itself be an escape character in MariaDB string literals.
        @NamedQuery(name = "agentGrantOpenFromSource", query = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.attestationSources like :pattern escape '!'"
                + " and ((g.status = 'APPROVED' and g.expiresAt > :now) or (g.status = 'PENDING' and g.approvalExpiresAt > :now))"),
        @NamedQuery(name = "agentGrantOfPerson", query = "select g from AgentGrantTaskGrant g where g.realmId = :realmId"
                + " and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))"
                + " order by g.requestedAt desc, g.id desc"),
        @NamedQuery(name = "agentGrantIdsOfPerson", query = "select g.id from AgentGrantTaskGrant g where g.realmId = :realmId"
                + " and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))"),
        @NamedQuery(name = "agentGrantDeleteOfPerson", query = "delete from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.id in :ids"
                + " and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))"),
        @NamedQuery(name = "agentGrantIdsByRealm", query = "select g.id from AgentGrantTaskGrant g where g.realmId = :realmId"),
        @NamedQuery(name = "agentGrantDeleteByRealm", query = "delete from AgentGrantTaskGrant g where g.realmId = :realmId")
})
public class TaskGrantEntity {

    /** JPQL entity name: namespaced, since all extensions share one persistence unit. */
    public static final String ENTITY_NAME = "AgentGrantTaskGrant";

    @Id
    @Column(name = "ID", length = 43, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "AGENT_ID", length = 36, nullable = false)
    private String agentId;

    @Column(name = "AGENT_CLIENT_ID", length = 255, nullable = false)
    private String agentClientId;

    @Column(name = "INSTANCE_JKT", length = 64, nullable = false)
    private String instanceKeyThumbprint;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "LOGIN_HINT", length = 255)
    private String loginHint;

    @Column(name = "PURPOSE", length = 600, nullable = false)
    private String purpose;

    @Column(name = "AUDIENCE", length = 255, nullable = false)
    private String audience;

    @Column(name = "REQUESTED_SCOPE", length = 4000, nullable = false)
    private String requestedScope;

    @Column(name = "APPROVED_SCOPE", length = 4000)
    private String approvedScope;

    @Column(name = "AUTHORIZATION_DETAILS", nullable = false)
    private String authorizationDetails;

    @Column(name = "REQUESTED_LIFETIME", nullable = false)
    private long requestedLifetime;

    @Column(name = "APPROVED_LIFETIME")
    private Long approvedLifetime;

    @Column(name = "MAX_USES", nullable = false)
    private int maxUses;

    @Column(name = "USES", nullable = false)
    private int uses;

    @Column(name = "USER_CODE_HASH", length = 64)
    private String userCodeHash;

    @Column(name = "FACTS", nullable = false)
    private String facts;

    /** The attestation sources whose evidence the request presented, space-separated with a space at each end. */
    @Column(name = "ATTESTATION_SOURCES", length = 1000, nullable = false)
    private String attestationSources;

    @Column(name = "POLICY_ID", length = 255, nullable = false)
    private String policyId;

    @Column(name = "POLICY_VERSION", length = 64, nullable = false)
    private String policyVersion;

    @Column(name = "ATTESTATION_JTI", length = 255, nullable = false)
    private String attestationJti;

    @Column(name = "IDENTITY_EXPIRES_AT")
    private Long identityExpiresAt;

    @Column(name = "REQUESTED_AT", nullable = false)
    private long requestedAt;

    @Column(name = "REQUEST_ADDRESS", length = 64)
    private String requestAddress;

    @Column(name = "APPROVAL_EXPIRES_AT", nullable = false)
    private long approvalExpiresAt;

    @Column(name = "DECIDED_AT")
    private Long decidedAt;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "AUTH_TIME")
    private Long authTime;

    @Column(name = "ACR", length = 255)
    private String acr;

    @Column(name = "AUTH_METHODS", length = 255)
    private String authMethods;

    @Column(name = "ENDED_AT")
    private Long endedAt;

    @Column(name = "ENDED_BY", length = 255)
    private String endedBy;

    @Column(name = "END_REASON", length = 64)
    private String endReason;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getAgentId() {
        return agentId;
    }

    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public String getAgentClientId() {
        return agentClientId;
    }

    public void setAgentClientId(String agentClientId) {
        this.agentClientId = agentClientId;
    }

    public String getInstanceKeyThumbprint() {
        return instanceKeyThumbprint;
    }

    public void setInstanceKeyThumbprint(String instanceKeyThumbprint) {
        this.instanceKeyThumbprint = instanceKeyThumbprint;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getLoginHint() {
        return loginHint;
    }

    public void setLoginHint(String loginHint) {
        this.loginHint = loginHint;
    }

    public String getPurpose() {
        return purpose;
    }

    public void setPurpose(String purpose) {
        this.purpose = purpose;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public String getRequestedScope() {
        return requestedScope;
    }

    public void setRequestedScope(String requestedScope) {
        this.requestedScope = requestedScope;
    }

    public String getApprovedScope() {
        return approvedScope;
    }

    public void setApprovedScope(String approvedScope) {
        this.approvedScope = approvedScope;
    }

    public String getAuthorizationDetails() {
        return authorizationDetails;
    }

    public void setAuthorizationDetails(String authorizationDetails) {
        this.authorizationDetails = authorizationDetails;
    }

    public long getRequestedLifetime() {
        return requestedLifetime;
    }

    public void setRequestedLifetime(long requestedLifetime) {
        this.requestedLifetime = requestedLifetime;
    }

    public Long getApprovedLifetime() {
        return approvedLifetime;
    }

    public void setApprovedLifetime(Long approvedLifetime) {
        this.approvedLifetime = approvedLifetime;
    }

    public int getMaxUses() {
        return maxUses;
    }

    public void setMaxUses(int maxUses) {
        this.maxUses = maxUses;
    }

    public int getUses() {
        return uses;
    }

    public void setUses(int uses) {
        this.uses = uses;
    }

    public String getUserCodeHash() {
        return userCodeHash;
    }

    public void setUserCodeHash(String userCodeHash) {
        this.userCodeHash = userCodeHash;
    }

    public String getFacts() {
        return facts;
    }

    public void setFacts(String facts) {
        this.facts = facts;
    }

    public String getAttestationSources() {
        return attestationSources;
    }

    public void setAttestationSources(String attestationSources) {
        this.attestationSources = attestationSources;
    }

    public String getPolicyId() {
        return policyId;
    }

    public void setPolicyId(String policyId) {
        this.policyId = policyId;
    }

    public String getPolicyVersion() {
        return policyVersion;
    }

    public void setPolicyVersion(String policyVersion) {
        this.policyVersion = policyVersion;
    }

    public String getAttestationJti() {
        return attestationJti;
    }

    public void setAttestationJti(String attestationJti) {
        this.attestationJti = attestationJti;
    }

    public Long getIdentityExpiresAt() {
        return identityExpiresAt;
    }

    public void setIdentityExpiresAt(Long identityExpiresAt) {
        this.identityExpiresAt = identityExpiresAt;
    }

    public long getRequestedAt() {
        return requestedAt;
    }

    public void setRequestedAt(long requestedAt) {
        this.requestedAt = requestedAt;
    }

    public String getRequestAddress() {
        return requestAddress;
    }

    public void setRequestAddress(String requestAddress) {
        this.requestAddress = requestAddress;
    }

    public long getApprovalExpiresAt() {
        return approvalExpiresAt;
    }

    public void setApprovalExpiresAt(long approvalExpiresAt) {
        this.approvalExpiresAt = approvalExpiresAt;
    }

    public Long getDecidedAt() {
        return decidedAt;
    }

    public void setDecidedAt(Long decidedAt) {
        this.decidedAt = decidedAt;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getAuthTime() {
        return authTime;
    }

    public void setAuthTime(Long authTime) {
        this.authTime = authTime;
    }

    public String getAcr() {
        return acr;
    }

    public void setAcr(String acr) {
        this.acr = acr;
    }

    public String getAuthMethods() {
        return authMethods;
    }

    public void setAuthMethods(String authMethods) {
        this.authMethods = authMethods;
    }

    public Long getEndedAt() {
        return endedAt;
    }

    public void setEndedAt(Long endedAt) {
        this.endedAt = endedAt;
    }

    public String getEndedBy() {
        return endedBy;
    }

    public void setEndedBy(String endedBy) {
        this.endedBy = endedBy;
    }

    public String getEndReason() {
        return endReason;
    }

    public void setEndReason(String endReason) {
        this.endReason = endReason;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
