package dev.agentgrant.keycloak.signal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The standing of an agent as receivers were last told of it ({@link AgentStanding}): Keycloak tells listeners that a
 * client changed, not what it was before, so the change that is pushed is the difference to this row. An agent without
 * a row has never been turned off.
 */
@Entity(name = AgentStandingEntity.ENTITY_NAME)
@Table(name = "AGENT_GRANT_SIGNAL_STANDING")
@NamedQueries({
    @NamedQuery(
            name = "agentGrantStandingDeleteByRealm",
            query = "delete from AgentGrantSignalStanding a where a.realmId = :realmId"),
    @NamedQuery(
            name = "agentGrantStandingDeleteByClient",
            query = "delete from AgentGrantSignalStanding a where a.clientId = :clientId")
})
public class AgentStandingEntity {

    public static final String ENTITY_NAME = "AgentGrantSignalStanding";

    /** The agent client's internal id. */
    @Id
    @Column(name = "CLIENT_ID", length = 36, nullable = false)
    private String clientId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "SUSPENDED", nullable = false)
    private boolean suspended;

    @Column(name = "CHANGED_AT", nullable = false)
    private long changedAt;

    /** For JPA. */
    protected AgentStandingEntity() {}

    AgentStandingEntity(String clientId, String realmId, AgentStanding standing, long now) {
        this.clientId = clientId;
        this.realmId = realmId;
        set(standing, now);
    }

    AgentStanding standing() {
        return new AgentStanding(enabled, suspended);
    }

    void set(AgentStanding standing, long now) {
        this.enabled = standing.enabled();
        this.suspended = standing.suspended();
        this.changedAt = now;
    }
}
