package dev.agentgrant.keycloak.grant.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Erasing a person's grants with their audit records, at the person's request (GDPR Art. 17). */
public final class GrantErasure {

    /** Ids per {@code IN} list: well below every supported database's limit on bind parameters. */
    private static final int BATCH = 500;

    private final EntityManager em;

    private GrantErasure(EntityManager em) {
        this.em = em;
    }

    public static GrantErasure of(KeycloakSession session) {
        return new GrantErasure(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /**
     * Deletes the person's grants and their audit records; answers how many grants were deleted. Each delete is
     * conditioned on the grant still being the person's, and only the records of grants actually deleted go with them.
     */
    public int erase(String realmId, GrantSearch.Person person) {
        List<String> ids = em.createQuery(GrantQueries.IDS_OF_PERSON, String.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", person.userId())
                .setParameter("hints", List.copyOf(person.loginHints()))
                .getResultList();
        int erased = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            erased += em.createQuery(GrantQueries.DELETE_OF_PERSON)
                    .setParameter("realmId", realmId)
                    .setParameter("ids", batch)
                    .setParameter("userId", person.userId())
                    .setParameter("hints", List.copyOf(person.loginHints()))
                    .executeUpdate();
            em.createNamedQuery("agentGrantAuditDeleteOfErased")
                    .setParameter("realmId", realmId)
                    .setParameter("ids", batch)
                    .executeUpdate();
        }
        return erased;
    }
}
