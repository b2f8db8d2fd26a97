package dev.agentgrant.keycloak.grant.store;

import dev.agentgrant.keycloak.attestation.provenance.ProvenanceStore;
import dev.agentgrant.keycloak.attestation.provenance.RegisteredProvenanceEntity;
import dev.agentgrant.keycloak.grant.audit.GrantAuditEntity;
import dev.agentgrant.keycloak.signal.AgentStandingEntity;
import dev.agentgrant.keycloak.signal.SignalEntity;
import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Adds the extension's JPA entities to Keycloak's persistence unit and its Liquibase changelog to the schema
 * update: the grants and their audit trail stored here, the provenance that attestation registers
 * ({@link RegisteredProvenanceEntity}), and the outbox of the revocation push with each agent's last announced
 * standing ({@link SignalEntity}, {@link AgentStandingEntity}). Tables are prefixed {@code AGENT_GRANT_}; Liquibase tracks the changelog in
 * {@code DATABASECHANGELOG_AGENT_GRAN} (Keycloak derives the name from this factory's id).
 *
 * <p>One provider and one changelog for every table: Liquibase knows a changeset by its changelog's path, id and
 * author, so moving a changeset to another file or provider would make it run again on an existing database. The
 * master changelog includes one changelog per release; a released changelog is never edited.
 */
public final class AgentGrantJpaEntityProviderFactory
        implements JpaEntityProviderFactory, ExtensionProviderFactory<JpaEntityProvider> {

    public static final String ID = "agent-grant";
    static final String CHANGELOG = "META-INF/agent-grant/db.changelog-master.xml";
    static final List<Class<?>> ENTITIES = List.of(
            RegisteredProvenanceEntity.class,
            TaskGrantEntity.class,
            GrantAuditEntity.class,
            SignalEntity.class,
            AgentStandingEntity.class);

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return ENTITIES;
            }

            @Override
            public String getChangelogLocation() {
                return CHANGELOG;
            }

            @Override
            public String getFactoryId() {
                return ID;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Data that belongs to a realm leaves with it. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                ProvenanceStore.of(removed.getKeycloakSession())
                        .deleteByRealm(removed.getRealm().getId());
                GrantStore.of(removed.getKeycloakSession())
                        .deleteByRealm(removed.getRealm().getId());
            }
        });
    }
}
