package dev.agentgrant.keycloak.grant.store;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Grants found by who or what they concern: a person's, an agent's, an attestation source's, the realm's by filter.
 * Reads only, each grant as it stands now ({@link TaskGrant#asOf}).
 */
public final class GrantSearch {

    private final EntityManager em;
    private final Clock clock;

    GrantSearch(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    public static GrantSearch of(KeycloakSession session) {
        return new GrantSearch(session.getProvider(JpaConnectionProvider.class).getEntityManager(), Clock.systemUTC());
    }

    /**
     * Whose grants these are: the ones the person approved or denied, and the requests no person decided (waiting,
     * expired or denied by an admin) whose login hint names them. A request approved or denied by someone else belongs
     * to that someone, even if its hint named this person.
     *
     * @param loginHints the person's username and email; at least one
     */
    public record Person(String userId, Set<String> loginHints) {
        public Person {
            if (loginHints.isEmpty()) {
                throw new IllegalArgumentException("A person has at least a username");
            }
            loginHints = loginHints.stream()
                    .map(TaskGrantEntity::normalizedHint)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * What the admin listing filters on; an empty member does not filter. The audience is a client_id as the request
     * named it; the request time window is from {@code requestedFrom} (inclusive) to {@code requestedBefore}
     * (exclusive).
     */
    public record Filter(
            Optional<String> agentId,
            Optional<Person> person,
            Optional<String> audience,
            Optional<GrantStatus> status,
            Optional<Instant> requestedFrom,
            Optional<Instant> requestedBefore) {}

    /**
     * A place in the listing's order (request time, then id, both descending): the listing goes on after the grant
     * with these keys, whether or not it still exists.
     */
    public record Position(long requestedAtMillis, String id) {
        public static Position of(TaskGrant grant) {
            return new Position(grant.request().at().toEpochMilli(), grant.id());
        }
    }

    /** A grant a bulk revocation may end, with what its audit record names. */
    public record OpenGrant(String id, GrantStatus status, String agentClientId) {}

    /** Requests of this agent still waiting for a decision. */
    public long countPending(String realmId, String agentId) {
        return em.createQuery(GrantQueries.COUNT_PENDING_BY_AGENT, Long.class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", agentId)
                .setParameter("now", clock.millis())
                .getSingleResult();
    }

    /** Requests of this agent naming this login hint still waiting for a decision. */
    public long countPendingFor(String realmId, String agentId, String loginHint) {
        return em.createQuery(GrantQueries.COUNT_PENDING_BY_AGENT_AND_HINT, Long.class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", agentId)
                .setParameter("hint", TaskGrantEntity.normalizedHint(loginHint))
                .setParameter("now", clock.millis())
                .getSingleResult();
    }

    /** A person's grants (approved, denied or ended by them), newest first, at most {@code max}. */
    public List<TaskGrant> byUser(String realmId, String userId, int max) {
        return grants(em.createQuery(GrantQueries.BY_USER, TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(max));
    }

    /** Pending requests whose login hint names one of {@code hints} (a person's username and verified email). */
    public List<TaskGrant> pendingFor(String realmId, Set<String> hints, int max) {
        if (hints.isEmpty()) {
            return List.of();
        }
        return grants(em.createQuery(GrantQueries.PENDING_BY_HINTS, TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter(
                        "hints",
                        hints.stream().map(TaskGrantEntity::normalizedHint).toList())
                .setParameter("now", clock.millis())
                .setMaxResults(max));
    }

    /** Every grant of the person, newest first (for export). */
    public List<TaskGrant> ofPerson(String realmId, Person person) {
        return grants(em.createQuery(GrantQueries.OF_PERSON, TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", person.userId())
                .setParameter("hints", List.copyOf(person.loginHints())));
    }

    /**
     * Grants of the realm, newest first. The status filter means the status as {@link TaskGrant#statusAt} reports it
     * now, so an approved grant past its lifetime is listed as expired before the cleanup wrote that down.
     *
     * <p>A page starts after {@code after} (keyset paging: the index on realm and request time is entered at that
     * place, so every page costs the same) or, without it, after skipping {@code first} grants.
     *
     * <p>The one query assembled at run time: the filters combine freely, and each combination would otherwise need a
     * named query of its own. Only the fixed fragments below are ever concatenated; every value is a parameter.
     */
    public List<TaskGrant> list(String realmId, Filter filter, Optional<Position> after, int first, int max) {
        StringBuilder jpql = new StringBuilder("select g from AgentGrantTaskGrant g where g.realmId = :realmId");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("realmId", realmId);
        filter.agentId().ifPresent(agentId -> {
            jpql.append(" and g.agentId = :agentId");
            parameters.put("agentId", agentId);
        });
        filter.person().ifPresent(person -> {
            jpql.append(" and (g.userId = :userId or (g.userId is null and g.loginHint in :hints))");
            parameters.put("userId", person.userId());
            parameters.put("hints", List.copyOf(person.loginHints()));
        });
        filter.audience().ifPresent(audience -> {
            jpql.append(" and g.audience = :audience");
            parameters.put("audience", audience);
        });
        filter.requestedFrom().ifPresent(from -> {
            jpql.append(" and g.requestedAt >= :requestedFrom");
            parameters.put("requestedFrom", from.toEpochMilli());
        });
        filter.requestedBefore().ifPresent(before -> {
            jpql.append(" and g.requestedAt < :requestedBefore");
            parameters.put("requestedBefore", before.toEpochMilli());
        });
        filter.status().ifPresent(status -> {
            jpql.append(" and ").append(statusNow(status));
            if (status == GrantStatus.PENDING || status == GrantStatus.APPROVED || status == GrantStatus.EXPIRED) {
                parameters.put("now", clock.millis());
            }
        });
        after.ifPresent(position -> {
            // The first condition is redundant but a range the list index (realm, request time, id) answers on every
            // database; the second alone, an OR, was read as a filter over every row from the newest on.
            jpql.append(" and g.requestedAt <= :afterAt"
                    + " and (g.requestedAt < :afterAt or (g.requestedAt = :afterAt and g.id < :afterId))");
            parameters.put("afterAt", position.requestedAtMillis());
            parameters.put("afterId", position.id());
        });
        jpql.append(" order by g.requestedAt desc, g.id desc");
        TypedQuery<TaskGrantEntity> query = em.createQuery(jpql.toString(), TaskGrantEntity.class);
        parameters.forEach(query::setParameter);
        return grants(query.setFirstResult(first).setMaxResults(max));
    }

    /** The condition for "is {@code status} as of {@code :now}", mirroring {@link TaskGrant#statusAt}. */
    private static String statusNow(GrantStatus status) {
        switch (status) {
            case PENDING:
                return "(g.status = 'PENDING' and g.approvalExpiresAt > :now)";
            case APPROVED:
                return "(g.status = 'APPROVED' and g.expiresAt > :now)";
            case EXPIRED:
                return "(g.status = 'EXPIRED' or (g.status = 'PENDING' and g.approvalExpiresAt <= :now)"
                        + " or (g.status = 'APPROVED' and g.expiresAt <= :now))";
            default:
                // A final state: nothing changes it with time. The enum name is a constant, never caller input.
                return "g.status = '" + status.name() + "'";
        }
    }

    /** The person's approved, unexpired grants. */
    public List<OpenGrant> activeOfUser(String realmId, String userId) {
        return openGrants(em.createQuery(GrantQueries.ACTIVE_OF_USER, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId));
    }

    /** The agent's approved, unexpired grants and its requests still waiting for a decision. */
    public List<OpenGrant> openOfAgent(String realmId, String agentId) {
        return openGrants(em.createQuery(GrantQueries.OPEN_OF_AGENT, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", agentId));
    }

    /**
     * Approved, unexpired grants of any agent that may be handed to that sub-agent (the person left it ticked): the
     * grants on whose trail its hop tokens live.
     */
    public List<OpenGrant> approvedHandingTo(String realmId, String subAgentClientId) {
        return openGrants(em.createQuery(GrantQueries.APPROVED_HANDING_TO, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("pattern", listMemberPattern(subAgentClientId)));
    }

    /** Approved, unexpired grants and waiting requests whose evidence came (in part) from that attestation source. */
    public List<OpenGrant> openFromSource(String realmId, String sourceAlias) {
        return openGrants(em.createQuery(GrantQueries.OPEN_FROM_SOURCE, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("pattern", listMemberPattern(sourceAlias)));
    }

    /**
     * Open grants that depend on a client: as the agent (by internal id) or as the audience (by client_id). Includes
     * those past their time that the cleanup has not ended yet: ending them is harmless, each transition is guarded.
     */
    public List<OpenGrant> dependingOnClient(String realmId, String clientUuid, String clientId) {
        return em.createQuery(GrantQueries.DEPENDING_ON_CLIENT, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", clientUuid)
                .setParameter("clientId", clientId)
                .getResultStream()
                .map(GrantSearch::openGrant)
                .toList();
    }

    /**
     * How many approved, unexpired grants each agent of the realm holds, by the client's internal id; an agent that
     * holds none is absent. One query for the whole realm: the admin list filters on it before it pages.
     */
    public Map<String, Long> activeCountsByAgent(String realmId) {
        return counts(em.createQuery(GrantQueries.ACTIVE_COUNT_BY_AGENT, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("now", clock.millis()));
    }

    /** The same for the agents named (one page of agents, so one query for the page). */
    public Map<String, Long> activeCountsOf(String realmId, Collection<String> agentIds) {
        if (agentIds.isEmpty()) {
            return Map.of();
        }
        return counts(em.createQuery(GrantQueries.ACTIVE_COUNT_OF_AGENTS, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("agentIds", List.copyOf(agentIds))
                .setParameter("now", clock.millis()));
    }

    private static Map<String, Long> counts(TypedQuery<Object[]> query) {
        Map<String, Long> counts = new HashMap<>();
        query.getResultStream().forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /** The person's approved grants, including those past their lifetime that the cleanup has not ended yet. */
    public List<OpenGrant> approvedOfUser(String realmId, String userId) {
        return em.createQuery(GrantQueries.APPROVED_OF_USER, Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultStream()
                .map(GrantSearch::openGrant)
                .toList();
    }

    /** A grant whose expiry is due, with what its audit record names. */
    public record DueGrant(String realmId, String id, String agentClientId) {}

    /** Up to {@code max} grants in any realm whose expiry is due but not written down yet. */
    public List<DueGrant> dueForExpiry(int max) {
        long now = clock.millis();
        List<DueGrant> due = new ArrayList<>(due(GrantQueries.PENDING_DUE, now, max));
        if (due.size() < max) {
            due.addAll(due(GrantQueries.APPROVED_DUE, now, max - due.size()));
        }
        return due;
    }

    private List<DueGrant> due(String query, long now, int max) {
        return em.createQuery(query, Object[].class)
                .setParameter("now", now)
                .setMaxResults(max)
                .getResultStream()
                .map(row -> new DueGrant((String) row[0], (String) row[1], (String) row[2]))
                .toList();
    }

    private List<OpenGrant> openGrants(TypedQuery<Object[]> query) {
        return query.setParameter("now", clock.millis())
                .getResultStream()
                .map(GrantSearch::openGrant)
                .toList();
    }

    private static OpenGrant openGrant(Object[] row) {
        return new OpenGrant((String) row[0], GrantStatus.valueOf((String) row[1]), (String) row[2]);
    }

    private List<TaskGrant> grants(TypedQuery<TaskGrantEntity> query) {
        Instant now = clock.instant();
        return query.getResultStream()
                .map(entity -> entity.snapshot().asOf(now))
                .toList();
    }

    /**
     * The LIKE pattern matching one member of a space-separated list column with a space at each end (the attestation
     * sources, the approved sub-agents), with {@code !} escaping the wildcards: an alias or client_id may contain
     * {@code _}, which would otherwise match any character and reach the grants of a neighbouring source or client.
     */
    static String listMemberPattern(String member) {
        StringBuilder escaped = new StringBuilder();
        for (char c : member.toCharArray()) {
            if (c == '!' || c == '%' || c == '_') {
                escaped.append('!');
            }
            escaped.append(c);
        }
        return "% " + escaped + " %";
    }
}
