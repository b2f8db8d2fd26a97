package dev.agentgrant.keycloak.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The outbox of SETs in Keycloak's database (README.md, "Revocation push"). A SET is added in the transaction of the
 * change it tells of; the deliverer then works each pending one through short transactions of its own, so no
 * transaction is ever open while a receiver is called:
 *
 * <ol>
 *   <li>{@link #due}: one indexed query ({@code STATUS, NEXT_ATTEMPT_AT}) for the pending SETs whose time has come —
 *       all a poll costs when nothing is pending;
 *   <li>{@link #claim}: one conditional {@code UPDATE} moves the SET's next attempt to the end of a lease and names an
 *       owner; exactly one node's update changes the row, so two nodes never deliver one SET at the same time;
 *   <li>{@link #delivered}, {@link #retryLater}, {@link #deadLetter}: the outcome, each conditional on the owner, so a
 *       node whose lease ran out (and whose SET another node has taken since) changes nothing.
 * </ol>
 *
 * A SET is marked delivered only after the receiver accepted it; a node that stops in between leaves it pending, and it
 * is sent again when the lease ends: delivery is at least once, and the unchanged {@code jti} lets a receiver drop a
 * repeat (RFC 8935 §2).
 */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MEMBERS = new TypeReference<>() {};

    private final EntityManager em;

    Outbox(EntityManager em) {
        this.em = em;
    }

    public static Outbox of(KeycloakSession session) {
        return new Outbox(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /** What a change puts into the outbox; {@code id} becomes the SET's {@code jti}. */
    record NewSignal(
            String id,
            String realmId,
            CaepEvent event,
            String grantId,
            Optional<String> userId,
            String receiverId,
            String audience,
            Optional<String> issuer) {

        static NewSignal of(
                String realmId,
                CaepEvent event,
                String grantId,
                Optional<String> userId,
                String receiverId,
                String audience,
                Optional<String> issuer) {
            return new NewSignal(
                    UUID.randomUUID().toString(), realmId, event, grantId, userId, receiverId, audience, issuer);
        }
    }

    void add(NewSignal signal, Instant now) {
        em.persist(new SignalEntity(signal, json(signal.event()), now.toEpochMilli()));
    }

    /** A pending SET that is due, the receiver it goes to, and the start of its retry window. */
    record Due(String id, String receiverId, Instant queuedAt) {}

    List<Due> due(Instant now, int max) {
        return em.createNamedQuery("agentGrantSignalDue", Object[].class)
                .setParameter("now", now.toEpochMilli())
                .setMaxResults(max)
                .getResultStream()
                .map(row -> new Due((String) row[0], (String) row[1], Instant.ofEpochMilli((Long) row[2])))
                .toList();
    }

    /** Takes a due SET for delivery until {@code leaseEnd}; the SET as it stands, when this call took it. */
    Optional<OutboxSignal> claim(String id, String owner, Instant now, Instant leaseEnd) {
        int changed = em.createNamedQuery("agentGrantSignalClaim")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setParameter("now", now.toEpochMilli())
                .setParameter("leaseEnd", leaseEnd.toEpochMilli())
                .executeUpdate();
        if (changed != 1) {
            return Optional.empty();
        }
        SignalEntity entity = em.find(SignalEntity.class, id);
        em.refresh(entity);
        return Optional.of(snapshot(entity));
    }

    /** Holds a due SET back until {@code next} without an attempt: its receiver failed a moment ago. */
    void postpone(String id, Instant now, Instant next) {
        em.createNamedQuery("agentGrantSignalPostpone")
                .setParameter("id", id)
                .setParameter("now", now.toEpochMilli())
                .setParameter("next", next.toEpochMilli())
                .executeUpdate();
    }

    /**
     * Gives up on a due SET that was held back, without an attempt, because its retry window passed while its receiver
     * kept failing other SETs.
     */
    void expire(String id, Instant now, String error) {
        em.createNamedQuery("agentGrantSignalExpire")
                .setParameter("id", id)
                .setParameter("now", now.toEpochMilli())
                .setParameter("error", error)
                .executeUpdate();
    }

    boolean delivered(String id, String owner, Instant now, int status) {
        return em.createNamedQuery("agentGrantSignalDelivered")
                        .setParameter("id", id)
                        .setParameter("owner", owner)
                        .setParameter("now", now.toEpochMilli())
                        .setParameter("status", status)
                        .executeUpdate()
                == 1;
    }

    boolean retryLater(String id, String owner, Instant now, Optional<Integer> status, String error, Instant next) {
        return em.createNamedQuery("agentGrantSignalRetry")
                        .setParameter("id", id)
                        .setParameter("owner", owner)
                        .setParameter("now", now.toEpochMilli())
                        .setParameter("counted", 1)
                        .setParameter("status", status.orElse(null))
                        .setParameter("error", error)
                        .setParameter("next", next.toEpochMilli())
                        .executeUpdate()
                == 1;
    }

    /**
     * Gives up on a SET. {@code attempted}: whether a receiver was called for it (a registration that cannot be used is
     * no attempt).
     */
    boolean deadLetter(
            String id, String owner, Instant now, Optional<Integer> status, String error, boolean attempted) {
        return em.createNamedQuery("agentGrantSignalDeadLetter")
                        .setParameter("id", id)
                        .setParameter("owner", owner)
                        .setParameter("now", now.toEpochMilli())
                        .setParameter("counted", attempted ? 1 : 0)
                        .setParameter("status", status.orElse(null))
                        .setParameter("error", error)
                        .executeUpdate()
                == 1;
    }

    /** Deletes a claimed SET whose receiver client no longer exists: there is nobody left to tell. */
    void drop(String id, String owner) {
        em.createNamedQuery("agentGrantSignalDrop")
                .setParameter("id", id)
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /** Removes a deleted client's SETs, whatever their state: they belong to it as their receiver. */
    void deleteForReceiver(String receiverId) {
        em.createNamedQuery("agentGrantSignalDeleteByReceiver")
                .setParameter("receiverId", receiverId)
                .executeUpdate();
    }

    /** Puts a dead-lettered SET of the realm back in line, with a fresh retry window; true when this call did. */
    public boolean requeue(String realmId, String id, Instant now) {
        return em.createNamedQuery("agentGrantSignalRequeue")
                        .setParameter("id", id)
                        .setParameter("realmId", realmId)
                        .setParameter("now", now.toEpochMilli())
                        .executeUpdate()
                == 1;
    }

    /** The SET as the database has it now, past what this persistence context read before a bulk update. */
    public Optional<OutboxSignal> find(String realmId, String id) {
        SignalEntity entity = em.find(SignalEntity.class, id);
        if (entity == null || !entity.realmId().equals(realmId)) {
            return Optional.empty();
        }
        em.refresh(entity);
        return Optional.of(snapshot(entity));
    }

    /** What an admin's list narrows on; each filter that is present must match. */
    public record Filter(Optional<SignalStatus> status, Optional<String> grantId, Optional<String> audience) {}

    /** A realm's SETs, newest first. */
    public List<OutboxSignal> list(String realmId, Filter filter, int first, int max) {
        StringBuilder jpql = new StringBuilder("select s from AgentGrantSignal s where s.realmId = :realmId");
        filter.status().ifPresent(status -> jpql.append(" and s.status = :status"));
        filter.grantId().ifPresent(grant -> jpql.append(" and s.grantId = :grantId"));
        filter.audience().ifPresent(audience -> jpql.append(" and s.audience = :audience"));
        jpql.append(" order by s.createdAt desc, s.id desc");
        TypedQuery<SignalEntity> query =
                em.createQuery(jpql.toString(), SignalEntity.class).setParameter("realmId", realmId);
        filter.status().ifPresent(status -> query.setParameter("status", status.name()));
        filter.grantId().ifPresent(grant -> query.setParameter("grantId", grant));
        filter.audience().ifPresent(audience -> query.setParameter("audience", audience));
        return query.setFirstResult(first)
                .setMaxResults(max)
                .getResultStream()
                .map(Outbox::snapshot)
                .toList();
    }

    /** How many SETs stand where, and how many attempts they took (all realms): for the server info page. */
    public record Totals(Map<SignalStatus, Long> counts, long attempts) {}

    Totals totals() {
        Map<SignalStatus, Long> counts = new EnumMap<>(SignalStatus.class);
        for (SignalStatus status : SignalStatus.values()) {
            counts.put(status, 0L);
        }
        long attempts = 0;
        for (Object[] row :
                em.createNamedQuery("agentGrantSignalCounts", Object[].class).getResultList()) {
            counts.put(SignalStatus.valueOf((String) row[0]), ((Number) row[1]).longValue());
            attempts += ((Number) row[2]).longValue();
        }
        return new Totals(counts, attempts);
    }

    /** How many of a realm's SETs stand where. */
    public Map<SignalStatus, Long> counts(String realmId) {
        Map<SignalStatus, Long> counts = new EnumMap<>(SignalStatus.class);
        for (SignalStatus status : SignalStatus.values()) {
            counts.put(status, 0L);
        }
        em.createNamedQuery("agentGrantSignalRealmCounts", Object[].class)
                .setParameter("realmId", realmId)
                .getResultStream()
                .forEach(row -> counts.put(SignalStatus.valueOf((String) row[0]), ((Number) row[1]).longValue()));
        return counts;
    }

    /** Deletes the SETs that finished in {@code status} before {@code cutoff}; answers how many. */
    int purge(SignalStatus status, Instant cutoff) {
        return em.createNamedQuery("agentGrantSignalPurge")
                .setParameter("status", status.name())
                .setParameter("cutoff", cutoff.toEpochMilli())
                .executeUpdate();
    }

    /**
     * Records the agent's standing as receivers are now told of it and answers what it was before ({@link
     * AgentStanding#USABLE} when never recorded).
     */
    AgentStanding replaceStanding(String realmId, String clientId, AgentStanding now, Instant at) {
        AgentStandingEntity entity = em.find(AgentStandingEntity.class, clientId);
        if (entity == null) {
            if (!now.equals(AgentStanding.USABLE)) {
                em.persist(new AgentStandingEntity(clientId, realmId, now, at.toEpochMilli()));
            }
            return AgentStanding.USABLE;
        }
        AgentStanding before = entity.standing();
        if (!before.equals(now)) {
            entity.set(now, at.toEpochMilli());
        }
        return before;
    }

    void deleteStanding(String clientId) {
        em.createNamedQuery("agentGrantStandingDeleteByClient")
                .setParameter("clientId", clientId)
                .executeUpdate();
    }

    /** Removes a deleted realm's SETs and agent standings. */
    void deleteByRealm(String realmId) {
        em.createNamedQuery("agentGrantSignalDeleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
        em.createNamedQuery("agentGrantStandingDeleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    private static OutboxSignal snapshot(SignalEntity entity) {
        CaepEvent event = new CaepEvent(
                CaepEvent.Type.byShortName(entity.eventType())
                        .orElseThrow(() -> new IllegalStateException("Unknown event type " + entity.eventType())),
                members(entity.event()));
        return new OutboxSignal(
                entity.id(),
                entity.realmId(),
                SignalStatus.valueOf(entity.status()),
                event,
                entity.grantId(),
                Optional.ofNullable(entity.userId()),
                entity.receiverId(),
                entity.audience(),
                Optional.ofNullable(entity.issuer()),
                Instant.ofEpochMilli(entity.createdAt()),
                Instant.ofEpochMilli(entity.queuedAt()),
                entity.attempts(),
                Optional.ofNullable(entity.nextAttemptAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(entity.lastAttemptAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(entity.lastStatus()),
                Optional.ofNullable(entity.lastError()),
                Optional.ofNullable(entity.finishedAt()).map(Instant::ofEpochMilli));
    }

    static String json(CaepEvent event) {
        try {
            return JSON.writeValueAsString(event.members());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event of strings, numbers and maps always serializes", e);
        }
    }

    static Map<String, Object> members(String json) {
        try {
            return JSON.readValue(json, MEMBERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An outbox event that does not read back", e);
        }
    }
}
