package dev.agentgrant.keycloak.grant.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One task grant row. Transitions never load-modify-save this entity: {@link GrantStore} changes {@code STATUS} with
 * one conditional {@code UPDATE … WHERE STATUS = :expected}, so of two racing transitions exactly one changes a row,
 * on one node or many. Times are epoch milliseconds; lifetimes are seconds. Lives outside {@code org.keycloak.*}:
 * Keycloak's build-time scan would skip it there.
 *
 * <p>Nothing outside the store sees a row: it is made from a {@link NewGrant} and read as a {@link TaskGrant}
 * snapshot, so it has no accessors.
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
        @NamedQuery(name = "agentGrantDependingOnClient", query = "select g.id, g.status, g.agentClientId"
                + " from AgentGrantTaskGrant g where g.realmId = :realmId"
                + " and (g.agentId = :agentId or g.audience = :clientId) and g.status in ('APPROVED', 'PENDING')"),
        @NamedQuery(name = "agentGrantApprovedOfUser", query = "select g.id, g.status, g.agentClientId from AgentGrantTaskGrant g"
                + " where g.realmId = :realmId and g.userId = :userId and g.status = 'APPROVED'"),
        @NamedQuery(name = "agentGrantDueForExpiry", query = "select g.realmId, g.id from AgentGrantTaskGrant g"
                + " where (g.status = 'PENDING' and g.approvalExpiresAt <= :now)"
                + " or (g.status = 'APPROVED' and g.expiresAt <= :now)"),
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

    private static final TypeReference<Map<String, String>> FACTS = new TypeReference<>() {
    };

    /** For JPA. */
    protected TaskGrantEntity() {
    }

    /** A pending request; only the hash of its user code is kept. */
    TaskGrantEntity(String id, NewGrant request, String userCodeHash, Instant now) {
        NewGrant.Terms terms = request.terms();
        TaskGrant.Evidence evidence = request.evidence();
        this.id = id;
        this.realmId = request.realmId();
        this.agentId = request.agent().id();
        this.agentClientId = request.agent().clientId();
        this.instanceKeyThumbprint = request.agent().instanceKeyThumbprint();
        this.status = GrantStatus.PENDING.name();
        // Keycloak keeps usernames and emails lower-case; so does the store, so lookups by hint can use its index.
        this.loginHint = terms.loginHint().map(TaskGrantEntity::normalizedHint).orElse(null);
        this.purpose = request.task().purpose();
        this.audience = request.task().audience();
        this.requestedScope = String.join(" ", request.task().scopes());
        this.authorizationDetails = request.task().authorizationDetailsJson();
        this.requestedLifetime = terms.lifetime().getSeconds();
        this.maxUses = terms.maxUses();
        this.uses = 0;
        this.userCodeHash = userCodeHash;
        this.facts = json(evidence.facts());
        this.attestationSources = " " + String.join(" ", evidence.sources()) + " ";
        this.policyId = evidence.policyId();
        this.policyVersion = evidence.policyVersion();
        this.attestationJti = evidence.presentationJti();
        this.identityExpiresAt = evidence.identityExpiresAt().map(Instant::toEpochMilli).orElse(null);
        this.requestedAt = now.toEpochMilli();
        this.requestAddress = terms.address().orElse(null);
        this.approvalExpiresAt = now.plus(terms.approvalTimeout()).toEpochMilli();
        this.updatedAt = now.toEpochMilli();
    }

    String id() {
        return id;
    }

    String realmId() {
        return realmId;
    }

    static String normalizedHint(String hint) {
        return hint.toLowerCase(Locale.ROOT);
    }

    TaskGrant snapshot() {
        Set<String> requested = TaskGrant.scopes(requestedScope);
        // The location is the one part of the task the columns do not hold on their own.
        AgentTask task = new AgentTask(audience, AgentTask.locationIn(authorizationDetails).orElse(""), requested, purpose);
        TaskGrant.Request request = new TaskGrant.Request(
                new TaskGrant.Agent(agentId, agentClientId, instanceKeyThumbprint), task, Duration.ofSeconds(requestedLifetime),
                Optional.ofNullable(loginHint), Instant.ofEpochMilli(requestedAt), Optional.ofNullable(requestAddress),
                Instant.ofEpochMilli(approvalExpiresAt));
        TaskGrant.Evidence evidence = new TaskGrant.Evidence(facts(facts),
                Arrays.stream(attestationSources.trim().split(" ")).filter(x -> !x.isEmpty()).toList(),
                policyId, policyVersion, attestationJti, instant(identityExpiresAt));
        Optional<TaskGrant.Approval> approval = Optional.ofNullable(approvedScope).map(scope -> new TaskGrant.Approval(
                TaskGrant.scopes(scope), Duration.ofSeconds(approvedLifetime), Instant.ofEpochMilli(expiresAt),
                Instant.ofEpochMilli(authTime), Optional.ofNullable(acr), Optional.ofNullable(authMethods)));
        TaskGrant.Decision decision = new TaskGrant.Decision(Optional.ofNullable(userId), instant(decidedAt), approval);
        Optional<TaskGrant.Ending> ending = instant(endedAt).map(at -> new TaskGrant.Ending(at, endedBy, endReason));
        return new TaskGrant(id, realmId, new TaskGrant.Standing(GrantStatus.valueOf(status), ending), request, evidence,
                decision, new TaskGrant.Usage(uses, maxUses));
    }

    private static Optional<Instant> instant(Long millis) {
        return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
    }

    private static String json(Map<String, String> facts) {
        try {
            return JsonSerialization.writeValueAsString(new TreeMap<>(facts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> facts(String json) {
        try {
            return JsonSerialization.readValue(json, FACTS);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored facts are not JSON", e);
        }
    }
}
