package dev.agentgrant.keycloak.attestation.provenance;

import dev.agentgrant.keycloak.support.Sha256;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Registered provenance in Keycloak's database, per realm and attestation source. Runs in the request's
 * transaction (Keycloak commits per request); returns {@link RegisteredProvenance}, never entities.
 */
public final class ProvenanceStore {

    private final EntityManager em;
    private final Clock clock;

    ProvenanceStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    public static ProvenanceStore of(KeycloakSession session) {
        return new ProvenanceStore(
                session.getProvider(JpaConnectionProvider.class).getEntityManager(), Clock.systemUTC());
    }

    /** The registration of exactly this envelope for this source, if there is one. */
    public Optional<RegisteredProvenance> byEnvelope(String realmId, String source, String envelope) {
        return em.createNamedQuery("agentGrantProvenanceByEnvelope", RegisteredProvenanceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("source", source)
                .setParameter("sha256", Sha256.hex(envelope))
                .getResultStream()
                .findFirst()
                .map(RegisteredProvenance::of);
    }

    public RegisteredProvenance register(
            String realmId,
            String source,
            String envelope,
            String predicateType,
            Set<String> subjectDigests,
            String createdBy) {
        RegisteredProvenanceEntity entity = new RegisteredProvenanceEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realmId);
        entity.setSourceAlias(source);
        entity.setEnvelope(envelope);
        entity.setEnvelopeSha256(Sha256.hex(envelope));
        entity.setPredicateType(predicateType);
        entity.setSubjectDigests(new HashSet<>(subjectDigests));
        entity.setCreatedAt(clock.millis());
        entity.setCreatedBy(createdBy);
        em.persist(entity);
        return RegisteredProvenance.of(entity);
    }

    /** The newest registration of {@code source} naming {@code digest} as a subject. */
    public Optional<RegisteredProvenance> bySubject(String realmId, String source, String digest) {
        return em.createNamedQuery("agentGrantProvenanceBySubject", RegisteredProvenanceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("source", source)
                .setParameter("digest", digest)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(RegisteredProvenance::of);
    }

    public Optional<RegisteredProvenance> get(String realmId, String id) {
        RegisteredProvenanceEntity entity = em.find(RegisteredProvenanceEntity.class, id);
        return entity == null || !entity.getRealmId().equals(realmId)
                ? Optional.empty()
                : Optional.of(RegisteredProvenance.of(entity));
    }

    public List<RegisteredProvenance> list(String realmId, Optional<String> source, int first, int max) {
        var query = source.isPresent()
                ? em.createNamedQuery("agentGrantProvenanceListBySource", RegisteredProvenanceEntity.class)
                        .setParameter("source", source.get())
                : em.createNamedQuery("agentGrantProvenanceList", RegisteredProvenanceEntity.class);
        return query.setParameter("realmId", realmId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultStream()
                .map(RegisteredProvenance::of)
                .toList();
    }

    public boolean delete(String realmId, String id) {
        RegisteredProvenanceEntity entity = em.find(RegisteredProvenanceEntity.class, id);
        if (entity == null || !entity.getRealmId().equals(realmId)) {
            return false;
        }
        em.remove(entity);
        return true;
    }

    /** When a source is removed, what was registered for it goes too. */
    public int deleteBySource(String realmId, String source) {
        return deleteAll(em.createNamedQuery("agentGrantProvenanceIdsBySource", String.class)
                .setParameter("realmId", realmId)
                .setParameter("source", source)
                .getResultList());
    }

    /** When a realm is removed. */
    public int deleteByRealm(String realmId) {
        return deleteAll(em.createNamedQuery("agentGrantProvenanceIdsByRealm", String.class)
                .setParameter("realmId", realmId)
                .getResultList());
    }

    private int deleteAll(List<String> ids) {
        for (String id : ids) {
            RegisteredProvenanceEntity entity = em.find(RegisteredProvenanceEntity.class, id);
            if (entity != null) {
                em.remove(entity);
            }
        }
        return ids.size();
    }
}
