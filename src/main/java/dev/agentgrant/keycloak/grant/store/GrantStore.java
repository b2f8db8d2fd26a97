package dev.agentgrant.keycloak.grant.store;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantIds;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.UserCode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Task grants in Keycloak's database: one grant by id or user code, and its transitions. Runs in the request's
 * transaction (Keycloak commits per request) and returns {@link TaskGrant} snapshots, never entities. Reads never
 * write: a grant past its time reads as expired ({@link TaskGrant#asOf}) until the cleanup writes that down.
 *
 * <p>Every transition is one JPQL {@code UPDATE} conditioned on the current status (and on time where expiry
 * matters) that reports how many rows it changed: 1 means this caller made the transition, 0 means another
 * transition won or the state machine has no such edge. The database's row lock makes that atomic among concurrent
 * requests on one node or many; nothing here reads a row, decides, and writes it back. Callers go through
 * {@code GrantTransitions}, which records each transition with it.
 */
public final class GrantStore {

    /** A collision among pending codes is a ~2^-34 event per pending request; a few retries make it impossible. */
    private static final int USER_CODE_ATTEMPTS = 5;

    private final EntityManager em;
    private final Clock clock;

    GrantStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    public static GrantStore of(KeycloakSession session) {
        return new GrantStore(session.getProvider(JpaConnectionProvider.class).getEntityManager(), Clock.systemUTC());
    }

    public Instant now() {
        return clock.instant();
    }

    /** A pending grant and the user code (displayed form) that lets a human find it; only the code's hash is kept. */
    public record Created(TaskGrant grant, String userCode) {}

    public Created create(NewGrant request) {
        String userCode = freeUserCode(request.realmId());
        TaskGrantEntity entity = new TaskGrantEntity(
                GrantIds.generate(), request, UserCode.hash(userCode).orElseThrow(), clock.instant());
        em.persist(entity);
        em.flush();
        return new Created(entity.snapshot(), userCode);
    }

    private String freeUserCode(String realmId) {
        for (int attempt = 0; attempt < USER_CODE_ATTEMPTS; attempt++) {
            String code = UserCode.generate();
            if (byUserCodeHash(realmId, UserCode.hash(code).orElseThrow()).isEmpty()) {
                return code;
            }
        }
        throw new IllegalStateException("No free user code after " + USER_CODE_ATTEMPTS + " attempts");
    }

    /** The grant as it stands now ({@link TaskGrant#asOf}); a grant of another realm does not exist here. */
    public Optional<TaskGrant> find(String realmId, String id) {
        if (!GrantIds.isWellFormed(id)) {
            return Optional.empty();
        }
        TaskGrantEntity entity = em.find(TaskGrantEntity.class, id);
        if (entity == null || !entity.realmId().equals(realmId)) {
            return Optional.empty();
        }
        return Optional.of(entity.snapshot().asOf(clock.instant()));
    }

    /** The pending request a user code names, if it is still waiting. */
    public Optional<TaskGrant> findPendingByUserCode(String realmId, String typedCode) {
        return UserCode.hash(typedCode)
                .flatMap(hash -> byUserCodeHash(realmId, hash))
                .flatMap(entity -> find(realmId, entity.id()))
                .filter(grant -> grant.status() == GrantStatus.PENDING);
    }

    private Optional<TaskGrantEntity> byUserCodeHash(String realmId, String hash) {
        return em.createQuery(GrantQueries.BY_USER_CODE, TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("hash", hash)
                .getResultStream()
                .findFirst();
    }

    /** {@code PENDING → APPROVED}, if still pending and within the approval window. */
    public boolean approve(String realmId, String id, Approval approval) {
        Instant now = clock.instant();
        return transitioned(
                transition(GrantQueries.APPROVE, realmId, id, now)
                        .setParameter("userId", approval.userId())
                        .setParameter("scope", String.join(" ", approval.scopes()))
                        .setParameter("lifetime", approval.lifetime().getSeconds())
                        .setParameter("expiresAt", now.plus(approval.lifetime()).toEpochMilli())
                        .setParameter("authTime", approval.authTime().toEpochMilli())
                        .setParameter("acr", approval.acr().orElse(null))
                        .setParameter("authMethods", approval.authMethods().orElse(null))
                        .setParameter(
                                "delegates",
                                approval.delegates().isEmpty() ? null : String.join(" ", approval.delegates())),
                id);
    }

    /**
     * {@code PENDING → DENIED}, if still pending and within the approval window. A person's denial names them as the
     * deciding user; a denial by an admin or the system names no user: nobody decided on the request's behalf, it was
     * refused as a whole.
     */
    public boolean deny(String realmId, String id, Actor actor, String reason) {
        Instant now = clock.instant();
        Query update = actor.kind() == Actor.Kind.USER
                ? transition(GrantQueries.DENY, realmId, id, now)
                        .setParameter("userId", actor.id().orElseThrow())
                : transition(GrantQueries.DENY_UNDECIDED, realmId, id, now);
        return transitioned(update.setParameter("actor", actor.endedBy()).setParameter("reason", reason), id);
    }

    /** {@code APPROVED → REVOKED}, if approved and not yet expired. */
    public boolean revoke(String realmId, String id, Actor actor, String reason) {
        return transitioned(
                transition(GrantQueries.REVOKE, realmId, id, clock.instant())
                        .setParameter("actor", actor.endedBy())
                        .setParameter("reason", reason),
                id);
    }

    /**
     * Consumes one use of an approved, unexpired grant that has uses left: one conditional {@code UPDATE}, never a read
     * followed by a write, so concurrent exchanges on one node or many never mint more than {@code max_uses} tokens.
     * The grant as the use left it when this call consumed one (exactly one row changed); empty when the grant was not
     * usable at that moment.
     *
     * <p>First held to the count in {@code seen} ({@link GrantQueries#CONSUME_SEEN_USE}): when nobody spent a use since
     * it was read, the row is {@code seen} with one more use ({@link TaskGrant#afterOneUse}), known without reading it
     * back, and the row stays locked by this transaction's update until it commits. When another exchange spent one in
     * between (the count moved, nothing changed), the plain conditional update decides and the row is read back under
     * its lock, as the count cannot be known otherwise.
     *
     * @param seen the grant as this request read it
     */
    public Optional<TaskGrant> consumeUse(TaskGrant seen, Instant now) {
        Optional<TaskGrant> after = seen.afterOneUse();
        if (after.isPresent()
                && transition(GrantQueries.CONSUME_SEEN_USE, seen.realmId(), seen.id(), now)
                                .setParameter("seen", seen.usage().uses())
                                .executeUpdate()
                        == 1) {
            forget(seen.id());
            return after;
        }
        return changed(transition(GrantQueries.CONSUME_USE, seen.realmId(), seen.id(), now), seen.id());
    }

    /**
     * {@code APPROVED → EXHAUSTED} once every use is consumed; true when this call made the transition. Its caller
     * already knows the row (it has just spent the last use), so it is not read back.
     */
    public boolean exhaustIfUsedUp(String realmId, String id) {
        if (transition(GrantQueries.EXHAUST, realmId, id, clock.instant()).executeUpdate() != 1) {
            return false;
        }
        forget(id);
        return true;
    }

    /**
     * Writes down an expiry that is due ({@code PENDING → EXPIRED} past the approval window, {@code APPROVED →
     * EXPIRED} past the lifetime): the reason this call wrote, or empty when nothing was due or another transition won.
     */
    public Optional<String> expire(String realmId, String id) {
        Instant now = clock.instant();
        if (transitioned(transition(GrantQueries.EXPIRE_PENDING, realmId, id, now), id)) {
            return Optional.of("approval_timeout");
        }
        if (transitioned(transition(GrantQueries.EXPIRE_APPROVED, realmId, id, now), id)) {
            return Optional.of("lifetime_ended");
        }
        return Optional.empty();
    }

    private Query transition(String jpql, String realmId, String id, Instant now) {
        return em.createQuery(jpql)
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("now", now.toEpochMilli());
    }

    /**
     * A bulk update bypasses the persistence context: an entity this request already loaded would still show the old
     * state, so after a transition it is read again.
     */
    private boolean transitioned(Query update, String id) {
        return changed(update, id).isPresent();
    }

    /** The row as the update left it, when the update changed it. */
    private Optional<TaskGrant> changed(Query update, String id) {
        return update.executeUpdate() == 1 ? Optional.of(reload(id)) : Optional.empty();
    }

    /**
     * The row as the database has it now, past anything this persistence context cached before a bulk update. A
     * locking read, because a plain one would not do on every database: under MariaDB's default REPEATABLE READ a
     * transaction keeps reading the snapshot of its first read, so after losing a race it would still see the state
     * the winner changed. A locking read sees the latest committed row (and this transaction already holds the row's
     * lock when it has just updated or tried to update it).
     */
    public TaskGrant reload(String id) {
        TaskGrantEntity entity = em.find(TaskGrantEntity.class, id);
        em.refresh(entity, LockModeType.PESSIMISTIC_READ);
        return entity.snapshot();
    }

    /**
     * Drops the grant from this persistence context without a statement ({@code getReference} answers the entity this
     * request holds, or an unloaded proxy), so that a later read in the request goes to the database instead of
     * showing the state before a bulk update.
     */
    private void forget(String id) {
        em.detach(em.getReference(TaskGrantEntity.class, id));
    }

    /** Removes a deleted realm's grants and their audit records. */
    public void deleteByRealm(String realmId) {
        em.createNamedQuery("agentGrantAuditDeleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
        em.createQuery(GrantQueries.DELETE_BY_REALM)
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
