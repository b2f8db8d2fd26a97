package dev.agentgrant.keycloak.signal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One SET in the outbox: written in the transaction of the change it tells of, so it exists exactly when the change
 * does, and delivered afterwards by one node at a time ({@link Outbox}). Its id is the SET's {@code jti}. The row keeps
 * what the SET says — event, grant, person, receiver — and is signed when it is sent, with the realm's key of that
 * moment; the receiver's endpoint and credentials are read from its client at each attempt, never copied here.
 *
 * <p>{@code NEXT_ATTEMPT_AT} is both the time a pending SET is due and, while a node delivers it, the end of that node's
 * lease: a node that stops mid-delivery leaves a row that falls due again when the lease ends.
 */
@Entity(name = SignalEntity.ENTITY_NAME)
@Table(name = "AGENT_GRANT_SIGNAL")
@NamedQueries({
    @NamedQuery(
            name = "agentGrantSignalDue",
            query = "select s.id, s.receiverId, s.queuedAt from AgentGrantSignal s"
                    + " where s.status = 'PENDING' and s.nextAttemptAt <= :now order by s.nextAttemptAt"),
    @NamedQuery(
            name = "agentGrantSignalClaim",
            query = "update AgentGrantSignal s set s.nextAttemptAt = :leaseEnd, s.leaseOwner = :owner"
                    + " where s.id = :id and s.status = 'PENDING' and s.nextAttemptAt <= :now"),
    @NamedQuery(
            name = "agentGrantSignalPostpone",
            query = "update AgentGrantSignal s set s.nextAttemptAt = :next"
                    + " where s.id = :id and s.status = 'PENDING' and s.nextAttemptAt <= :now"),
    @NamedQuery(
            name = "agentGrantSignalExpire",
            query = "update AgentGrantSignal s set s.status = 'DEAD_LETTERED', s.lastError = :error,"
                    + " s.finishedAt = :now, s.nextAttemptAt = null, s.leaseOwner = null"
                    + " where s.id = :id and s.status = 'PENDING' and s.nextAttemptAt <= :now"),
    @NamedQuery(
            name = "agentGrantSignalDelivered",
            query = "update AgentGrantSignal s set s.status = 'DELIVERED', s.attempts = s.attempts + 1,"
                    + " s.lastAttemptAt = :now, s.lastStatus = :status, s.lastError = null, s.finishedAt = :now,"
                    + " s.nextAttemptAt = null, s.leaseOwner = null"
                    + " where s.id = :id and s.status = 'PENDING' and s.leaseOwner = :owner"),
    @NamedQuery(
            name = "agentGrantSignalRetry",
            query = "update AgentGrantSignal s set s.attempts = s.attempts + :counted,"
                    + " s.lastAttemptAt = :now, s.lastStatus = :status, s.lastError = :error,"
                    + " s.nextAttemptAt = :next, s.leaseOwner = null"
                    + " where s.id = :id and s.status = 'PENDING' and s.leaseOwner = :owner"),
    @NamedQuery(
            name = "agentGrantSignalDeadLetter",
            query = "update AgentGrantSignal s set s.status = 'DEAD_LETTERED', s.attempts = s.attempts + :counted,"
                    + " s.lastAttemptAt = :now, s.lastStatus = :status, s.lastError = :error, s.finishedAt = :now,"
                    + " s.nextAttemptAt = null, s.leaseOwner = null"
                    + " where s.id = :id and s.status = 'PENDING' and s.leaseOwner = :owner"),
    @NamedQuery(
            name = "agentGrantSignalRequeue",
            query = "update AgentGrantSignal s set s.status = 'PENDING', s.attempts = 0, s.queuedAt = :now,"
                    + " s.nextAttemptAt = :now, s.finishedAt = null, s.leaseOwner = null"
                    + " where s.id = :id and s.realmId = :realmId and s.status = 'DEAD_LETTERED'"),
    @NamedQuery(
            name = "agentGrantSignalPurge",
            query = "delete from AgentGrantSignal s where s.status = :status and s.finishedAt < :cutoff"),
    @NamedQuery(
            name = "agentGrantSignalCounts",
            query =
                    "select s.status, count(s), coalesce(sum(s.attempts), 0) from AgentGrantSignal s group by s.status"),
    @NamedQuery(
            name = "agentGrantSignalRealmCounts",
            query = "select s.status, count(s) from AgentGrantSignal s where s.realmId = :realmId group by s.status"),
    @NamedQuery(
            name = "agentGrantSignalDrop",
            query = "delete from AgentGrantSignal s where s.id = :id and s.leaseOwner = :owner"),
    @NamedQuery(
            name = "agentGrantSignalDeleteByReceiver",
            query = "delete from AgentGrantSignal s where s.receiverId = :receiverId"),
    @NamedQuery(
            name = "agentGrantSignalDeleteByRealm",
            query = "delete from AgentGrantSignal s where s.realmId = :realmId")
})
public class SignalEntity {

    public static final String ENTITY_NAME = "AgentGrantSignal";

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "EVENT_TYPE", length = 32, nullable = false)
    private String eventType;

    @Column(name = "EVENT", length = 2000, nullable = false)
    private String event;

    @Column(name = "GRANT_ID", length = 43, nullable = false)
    private String grantId;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "RECEIVER_ID", length = 36, nullable = false)
    private String receiverId;

    @Column(name = "AUDIENCE", length = 255, nullable = false)
    private String audience;

    @Column(name = "ISSUER", length = 1024)
    private String issuer;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "QUEUED_AT", nullable = false)
    private long queuedAt;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_AT")
    private Long nextAttemptAt;

    @Column(name = "LEASE_OWNER", length = 36)
    private String leaseOwner;

    @Column(name = "LAST_ATTEMPT_AT")
    private Long lastAttemptAt;

    @Column(name = "LAST_STATUS")
    private Integer lastStatus;

    @Column(name = "LAST_ERROR", length = 1000)
    private String lastError;

    @Column(name = "FINISHED_AT")
    private Long finishedAt;

    /** For JPA. */
    protected SignalEntity() {}

    SignalEntity(Outbox.NewSignal signal, String eventJson, long now) {
        this.id = signal.id();
        this.realmId = signal.realmId();
        this.status = SignalStatus.PENDING.name();
        this.eventType = signal.event().type().shortName();
        this.event = eventJson;
        this.grantId = signal.grantId();
        this.userId = signal.userId().orElse(null);
        this.receiverId = signal.receiverId();
        this.audience = signal.audience();
        this.issuer = signal.issuer().orElse(null);
        this.createdAt = now;
        this.queuedAt = now;
        this.attempts = 0;
        this.nextAttemptAt = now;
    }

    String id() {
        return id;
    }

    String realmId() {
        return realmId;
    }

    String status() {
        return status;
    }

    String eventType() {
        return eventType;
    }

    String event() {
        return event;
    }

    String grantId() {
        return grantId;
    }

    String userId() {
        return userId;
    }

    String receiverId() {
        return receiverId;
    }

    String audience() {
        return audience;
    }

    String issuer() {
        return issuer;
    }

    long createdAt() {
        return createdAt;
    }

    long queuedAt() {
        return queuedAt;
    }

    int attempts() {
        return attempts;
    }

    Long nextAttemptAt() {
        return nextAttemptAt;
    }

    Long lastAttemptAt() {
        return lastAttemptAt;
    }

    Integer lastStatus() {
        return lastStatus;
    }

    String lastError() {
        return lastError;
    }

    Long finishedAt() {
        return finishedAt;
    }
}
