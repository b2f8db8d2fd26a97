package dev.agentgrant.keycloak.grant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One audit record: a grant transition, written in the transition's own transaction, or a refusal, written in a record
 * of its own with details capped in size. Not tied to the grant row by a foreign key, so a refusal can be recorded for a
 * request that never became a grant, and erasing a grant removes its records explicitly.
 */
@Entity(name = GrantAuditEntity.ENTITY_NAME)
@Table(name = "AGENT_GRANT_AUDIT")
@NamedQueries({
        @NamedQuery(name = "agentGrantAuditByGrant", query = "select a from AgentGrantAudit a"
                + " where a.realmId = :realmId and a.grantId = :grantId order by a.recordedAt, a.id"),
        // Only the records of grants that are gone: a grant that stayed (it changed hands meanwhile) keeps its trail.
        @NamedQuery(name = "agentGrantAuditDeleteOfErased", query = "delete from AgentGrantAudit a"
                + " where a.realmId = :realmId and a.grantId in :ids"
                + " and a.grantId not in (select g.id from AgentGrantTaskGrant g where g.id in :ids)"),
        @NamedQuery(name = "agentGrantAuditDeleteByRealm", query = "delete from AgentGrantAudit a where a.realmId = :realmId")
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

    public String getGrantId() {
        return grantId;
    }

    public void setGrantId(String grantId) {
        this.grantId = grantId;
    }

    public String getAgentClientId() {
        return agentClientId;
    }

    public void setAgentClientId(String agentClientId) {
        this.agentClientId = agentClientId;
    }

    public long getRecordedAt() {
        return recordedAt;
    }

    public void setRecordedAt(long recordedAt) {
        this.recordedAt = recordedAt;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public String getActorType() {
        return actorType;
    }

    public void setActorType(String actorType) {
        this.actorType = actorType;
    }

    public String getActorId() {
        return actorId;
    }

    public void setActorId(String actorId) {
        this.actorId = actorId;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getDetails() {
        return details;
    }

    public void setDetails(String details) {
        this.details = details;
    }
}
