package dev.agentgrant.keycloak.grant.audit;

import dev.agentgrant.keycloak.grant.Actor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.Locale;
import java.util.Optional;

/**
 * One audit record: a grant transition, written in the transition's own transaction, or a refusal, written in a record
 * of its own with details capped in size. Not tied to the grant row by a foreign key, so a refusal can be recorded for a
 * request that never became a grant, and erasing a grant removes its records explicitly.
 */
@Entity(name = GrantAuditEntity.ENTITY_NAME)
@Table(name = "AGENT_GRANT_AUDIT")
@NamedQueries({
    @NamedQuery(
            name = "agentGrantAuditByGrant",
            query = "select a from AgentGrantAudit a"
                    + " where a.realmId = :realmId and a.grantId = :grantId order by a.recordedAt, a.id"),
    // Only the records of grants that are gone: a grant that stayed (it changed hands meanwhile) keeps its trail.
    @NamedQuery(
            name = "agentGrantAuditDeleteOfErased",
            query = "delete from AgentGrantAudit a"
                    + " where a.realmId = :realmId and a.grantId in :ids"
                    + " and a.grantId not in (select g.id from AgentGrantTaskGrant g where g.id in :ids)"),
    @NamedQuery(
            name = "agentGrantAuditExtent",
            query = "select count(a), min(a.recordedAt) from AgentGrantAudit a" + " where a.realmId = :realmId"),
    @NamedQuery(
            name = "agentGrantAuditIdsBefore",
            // Oldest first, in the order of the index (realm, time): the database reads the batch from the index.
            query = "select a.id from AgentGrantAudit a"
                    + " where a.realmId = :realmId and a.recordedAt < :cutoff order by a.recordedAt"),
    @NamedQuery(name = "agentGrantAuditDeleteByIds", query = "delete from AgentGrantAudit a where a.id in :ids"),
    @NamedQuery(
            name = "agentGrantAuditDeleteByRealm",
            query = "delete from AgentGrantAudit a where a.realmId = :realmId")
})
public class GrantAuditEntity {

    public static final String ENTITY_NAME = "AgentGrantAudit";

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "GRANT_ID", length = 43)
    private String grantId;

    @Column(name = "AGENT_CLIENT_ID", length = 255)
    private String agentClientId;

    @Column(name = "RECORDED_AT", nullable = false)
    private long recordedAt;

    @Column(name = "ACTION", length = 32, nullable = false)
    private String action;

    @Column(name = "OUTCOME", length = 16, nullable = false)
    private String outcome;

    @Column(name = "ACTOR_TYPE", length = 16, nullable = false)
    private String actorType;

    @Column(name = "ACTOR_ID", length = 255)
    private String actorId;

    @Column(name = "ADDRESS", length = 64)
    private String address;

    @Column(name = "DETAILS", length = 4000)
    private String details;

    /** For JPA. */
    protected GrantAuditEntity() {}

    GrantAuditEntity(
            String id,
            AuditTrail.Subject subject,
            long recordedAt,
            String action,
            String outcome,
            Actor actor,
            String details) {
        this.id = id;
        this.realmId = subject.realmId();
        this.grantId = subject.grantId().orElse(null);
        this.agentClientId = subject.agentClientId().orElse(null);
        this.recordedAt = recordedAt;
        this.action = action;
        this.outcome = outcome;
        this.actorType = actor.kind().label();
        this.actorId = actor.id().orElse(null);
        this.address = actor.address().orElse(null);
        this.details = details;
    }

    AuditTrail.Entry entry() {
        Actor actor = Actor.of(
                Actor.Kind.valueOf(actorType.toUpperCase(Locale.ROOT)),
                Optional.ofNullable(actorId),
                Optional.ofNullable(address));
        return new AuditTrail.Entry(
                id, recordedAt, action, AuditTrail.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)), actor, details);
    }
}
