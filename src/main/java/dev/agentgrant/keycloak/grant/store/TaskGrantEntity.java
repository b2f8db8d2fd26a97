package dev.agentgrant.keycloak.grant.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
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
import org.keycloak.util.JsonSerialization;

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

    /** The sub-agents the person let the agent hand the task to: space-separated client_ids; null when none. */
    @Column(name = "APPROVED_DELEGATES", length = 4000)
    private String approvedDelegates;

    @Column(name = "ENDED_AT")
    private Long endedAt;

    @Column(name = "ENDED_BY", length = 255)
    private String endedBy;

    @Column(name = "END_REASON", length = 64)
    private String endReason;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    private static final TypeReference<Map<String, String>> FACTS = new TypeReference<>() {};

    /** For JPA. */
    protected TaskGrantEntity() {}

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
        this.identityExpiresAt =
                evidence.identityExpiresAt().map(Instant::toEpochMilli).orElse(null);
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
        AgentTask task = new AgentTask(
                audience, AgentTask.locationIn(authorizationDetails).orElse(""), requested, purpose);
        TaskGrant.Request request = new TaskGrant.Request(
                new TaskGrant.Agent(agentId, agentClientId, instanceKeyThumbprint),
                task,
                Duration.ofSeconds(requestedLifetime),
                Optional.ofNullable(loginHint),
                Instant.ofEpochMilli(requestedAt),
                Optional.ofNullable(requestAddress),
                Instant.ofEpochMilli(approvalExpiresAt));
        TaskGrant.Evidence evidence = new TaskGrant.Evidence(
                facts(facts),
                Arrays.stream(attestationSources.trim().split(" "))
                        .filter(x -> !x.isEmpty())
                        .toList(),
                policyId,
                policyVersion,
                attestationJti,
                instant(identityExpiresAt));
        Optional<TaskGrant.Approval> approval = Optional.ofNullable(approvedScope)
                .map(scope -> new TaskGrant.Approval(
                        TaskGrant.scopes(scope),
                        Duration.ofSeconds(approvedLifetime),
                        Instant.ofEpochMilli(expiresAt),
                        Instant.ofEpochMilli(authTime),
                        Optional.ofNullable(acr),
                        Optional.ofNullable(authMethods),
                        TaskGrant.scopes(approvedDelegates)));
        TaskGrant.Decision decision = new TaskGrant.Decision(Optional.ofNullable(userId), instant(decidedAt), approval);
        Optional<TaskGrant.Ending> ending = instant(endedAt).map(at -> new TaskGrant.Ending(at, endedBy, endReason));
        return new TaskGrant(
                id,
                realmId,
                new TaskGrant.Standing(GrantStatus.valueOf(status), ending),
                request,
                evidence,
                decision,
                new TaskGrant.Usage(uses, maxUses));
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
