package dev.agentgrant.keycloak.grant.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentgrant.keycloak.grant.GrantIds;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.UserCode;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Task grants in Keycloak's database. Runs in the request's transaction (Keycloak commits per request) and returns
 * {@link TaskGrant} snapshots, never entities.
 *
 * <p>Every transition is one JPQL {@code UPDATE} conditioned on the current status (and on time where expiry
 * matters) that reports how many rows it changed: 1 means this caller made the transition, 0 means another
 * transition won or the state machine has no such edge. The database's row lock makes that atomic among concurrent
 * requests on one node or many; nothing here reads a row, decides, and writes it back.
 */
public final class GrantStore {

    private static final TypeReference<Map<String, String>> FACTS = new TypeReference<>() {
    };
    /** A collision among pending codes is a ~2^-34 event per pending request; a few retries make it impossible. */
    private static final int USER_CODE_ATTEMPTS = 5;
    /** Ids per {@code IN} list when erasing: well below every supported database's limit on bind parameters. */
    private static final int ERASE_BATCH = 500;

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
    public record Created(TaskGrant grant, String userCode) {
    }

    public Created create(NewGrant request) {
        Instant now = clock.instant();
        String userCode = freeUserCode(request.realmId());
        TaskGrantEntity entity = new TaskGrantEntity();
        entity.setId(GrantIds.generate());
        entity.setRealmId(request.realmId());
        entity.setAgentId(request.agentId());
        entity.setAgentClientId(request.agentClientId());
        entity.setInstanceKeyThumbprint(request.instanceKeyThumbprint());
        entity.setStatus(GrantStatus.PENDING.name());
        // Keycloak keeps usernames and emails lower-case; so does the store, so lookups by hint can use its index.
        entity.setLoginHint(request.loginHint().map(GrantStore::normalizedHint).orElse(null));
        entity.setPurpose(request.purpose());
        entity.setAudience(request.audience());
        entity.setRequestedScope(String.join(" ", request.scopes()));
        entity.setAuthorizationDetails(request.authorizationDetails());
        entity.setRequestedLifetime(request.lifetime().getSeconds());
        entity.setMaxUses(request.maxUses());
        entity.setUses(0);
        entity.setUserCodeHash(UserCode.hash(userCode).orElseThrow());
        entity.setFacts(json(request.facts()));
        entity.setAttestationSources(" " + String.join(" ", request.attestationSources()) + " ");
        entity.setPolicyId(request.policyId());
        entity.setPolicyVersion(request.policyVersion());
        entity.setAttestationJti(request.attestationJti());
        entity.setIdentityExpiresAt(request.identityExpiresAt().map(Instant::toEpochMilli).orElse(null));
        entity.setRequestedAt(now.toEpochMilli());
        entity.setRequestAddress(request.requestAddress().orElse(null));
        entity.setApprovalExpiresAt(now.plus(request.approvalTimeout()).toEpochMilli());
        entity.setUpdatedAt(now.toEpochMilli());
        em.persist(entity);
        em.flush();
        return new Created(snapshot(entity), userCode);
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

    /**
     * The grant as it stands now. A pending request past its approval window or an approved grant past its lifetime
     * is written down as {@code EXPIRED} first (lazy expiry; the periodic cleanup does the same for grants nobody reads).
     */
    public Optional<TaskGrant> find(String realmId, String id) {
        if (!GrantIds.isWellFormed(id)) {
            return Optional.empty();
        }
        TaskGrantEntity entity = em.find(TaskGrantEntity.class, id);
        if (entity == null || !entity.getRealmId().equals(realmId)) {
            return Optional.empty();
        }
        TaskGrant grant = snapshot(entity);
        if (grant.statusAt(clock.instant()) != grant.status()) {
            if (expire(grant)) {
                AuditTrail.using(em).record(realmId, id, grant.agentClientId(), "expired", AuditTrail.Outcome.SUCCESS,
                        AuditTrail.ActorType.SYSTEM, null, null, Map.of("grant_id", id, "reason",
                                grant.status() == GrantStatus.PENDING ? "approval_timeout" : "lifetime_ended"));
            }
            grant = reload(id);
        }
        return Optional.of(grant);
    }

    /** The pending request a user code names, if it is still waiting. */
    public Optional<TaskGrant> findPendingByUserCode(String realmId, String typedCode) {
        return UserCode.hash(typedCode)
                .flatMap(hash -> byUserCodeHash(realmId, hash))
                .flatMap(entity -> find(realmId, entity.getId()))
                .filter(grant -> grant.status() == GrantStatus.PENDING);
    }

    private Optional<TaskGrantEntity> byUserCodeHash(String realmId, String hash) {
        return em.createNamedQuery("agentGrantByUserCode", TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("hash", hash)
                .getResultStream().findFirst();
    }

    /** Requests of this agent still waiting for a decision. */
    public long countPending(String realmId, String agentId) {
        return em.createNamedQuery("agentGrantCountPendingByAgent", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", agentId)
                .setParameter("now", clock.millis())
                .getSingleResult();
    }

    /** Requests of this agent naming this login hint still waiting for a decision. */
    public long countPendingFor(String realmId, String agentId, String loginHint) {
        return em.createNamedQuery("agentGrantCountPendingByAgentAndHint", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", agentId)
                .setParameter("hint", normalizedHint(loginHint))
                .setParameter("now", clock.millis())
                .getSingleResult();
    }

    /** A person's grants (approved, denied or ended by them), newest first, at most {@code max}. */
    public List<TaskGrant> byUser(String realmId, String userId, int max) {
        return em.createNamedQuery("agentGrantByUser", TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(max)
                .getResultStream().map(GrantStore::snapshot).toList();
    }

    /** Pending requests whose login hint names one of {@code hints} (a person's username and verified email). */
    public List<TaskGrant> pendingFor(String realmId, Set<String> hints, int max) {
        if (hints.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery("agentGrantPendingByHints", TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("hints", hints.stream().map(GrantStore::normalizedHint).toList())
                .setParameter("now", clock.millis())
                .setMaxResults(max)
                .getResultStream().map(GrantStore::snapshot).toList();
    }

    static String normalizedHint(String hint) {
        return hint.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code PENDING → APPROVED}, if still pending and within the approval window. */
    public boolean approve(String realmId, String id, Approval approval) {
        Instant now = clock.instant();
        return transitioned(em.createNamedQuery("agentGrantApprove")
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("userId", approval.userId())
                .setParameter("scope", String.join(" ", approval.scopes()))
                .setParameter("lifetime", approval.lifetime().getSeconds())
                .setParameter("expiresAt", now.plus(approval.lifetime()).toEpochMilli())
                .setParameter("authTime", approval.authTime().toEpochMilli())
                .setParameter("acr", approval.acr().orElse(null))
                .setParameter("authMethods", approval.authMethods().orElse(null))
                .setParameter("now", now.toEpochMilli())
                .executeUpdate(), id);
    }

    /** {@code PENDING → DENIED}, if still pending and within the approval window. */
    public boolean deny(String realmId, String id, String userId, String reason) {
        return transitioned(em.createNamedQuery("agentGrantDeny")
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setParameter("actor", "user:" + userId)
                .setParameter("reason", reason)
                .setParameter("now", clock.millis())
                .executeUpdate(), id);
    }

    /**
     * {@code APPROVED → REVOKED}, if approved and not yet expired.
     *
     * @param actor who revoked, as {@code type:id} ({@code user:…}, {@code agent:…}, {@code admin:…}, {@code system})
     */
    public boolean revoke(String realmId, String id, String actor, String reason) {
        return transitioned(em.createNamedQuery("agentGrantRevoke")
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("actor", actor)
                .setParameter("reason", reason)
                .setParameter("now", clock.millis())
                .executeUpdate(), id);
    }

    /**
     * {@code PENDING → DENIED} by an admin or the system, if still pending and within the approval window. Unlike a
     * person's denial it names no user: nobody decided on the request's behalf, it was refused as a whole.
     *
     * @param actor {@code admin:<admin user id>} or {@code system}
     */
    public boolean denyUndecided(String realmId, String id, String actor, String reason) {
        return transitioned(em.createNamedQuery("agentGrantDenyUndecided")
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("actor", actor)
                .setParameter("reason", reason)
                .setParameter("now", clock.millis())
                .executeUpdate(), id);
    }

    /**
     * Consumes one use of an approved, unexpired grant that has uses left: one conditional {@code UPDATE}, never a read
     * followed by a write, so concurrent exchanges on one node or many never mint more than {@code max_uses} tokens.
     * True when this call consumed a use (exactly one row changed); false when the grant was not usable at that moment.
     */
    public boolean consumeUse(String realmId, String id, Instant now) {
        return transitioned(em.createNamedQuery("agentGrantConsumeUse")
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("now", now.toEpochMilli())
                .executeUpdate(), id);
    }

    /** {@code APPROVED → EXHAUSTED} once every use is consumed; true when this call made the transition. */
    public boolean exhaustIfUsedUp(String realmId, String id) {
        return transitioned(em.createNamedQuery("agentGrantExhaust")
                .setParameter("id", id)
                .setParameter("realmId", realmId)
                .setParameter("now", clock.millis())
                .executeUpdate(), id);
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
            loginHints = loginHints.stream().map(GrantStore::normalizedHint)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /** What the admin listing filters on; an empty member does not filter. */
    public record Filter(Optional<String> agentId, Optional<Person> person, Optional<GrantStatus> status) {
    }

    /**
     * Grants of the realm, newest first. The status filter means the status as {@link TaskGrant#statusAt} reports it
     * now, so an approved grant past its lifetime is listed as expired before any read or cleanup wrote that down.
     *
     * <p>The one query assembled at run time: the filters combine freely, and each combination would otherwise need a
     * named query of its own. Only the fixed fragments below are ever concatenated; every value is a parameter.
     */
    public List<TaskGrant> list(String realmId, Filter filter, int first, int max) {
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
        filter.status().ifPresent(status -> {
            jpql.append(" and ").append(statusNow(status));
            if (status == GrantStatus.PENDING || status == GrantStatus.APPROVED || status == GrantStatus.EXPIRED) {
                parameters.put("now", clock.millis());
            }
        });
        jpql.append(" order by g.requestedAt desc, g.id desc");
        TypedQuery<TaskGrantEntity> query = em.createQuery(jpql.toString(), TaskGrantEntity.class);
        parameters.forEach(query::setParameter);
        return query.setFirstResult(first).setMaxResults(max).getResultStream().map(GrantStore::snapshot).toList();
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

    /** A grant a bulk revocation may end, with what its audit record names. */
    public record OpenGrant(String id, GrantStatus status, String agentClientId) {
    }

    /** The person's approved, unexpired grants. */
    public List<OpenGrant> activeOfUser(String realmId, String userId) {
        return openGrants(em.createNamedQuery("agentGrantActiveOfUser", Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId));
    }

    /** The agent's approved, unexpired grants and its requests still waiting for a decision. */
    public List<OpenGrant> openOfAgent(String realmId, String agentId) {
        return openGrants(em.createNamedQuery("agentGrantOpenOfAgent", Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("agentId", agentId));
    }

    /** Approved, unexpired grants and waiting requests whose evidence came (in part) from that attestation source. */
    public List<OpenGrant> openFromSource(String realmId, String sourceAlias) {
        return openGrants(em.createNamedQuery("agentGrantOpenFromSource", Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("pattern", sourcePattern(sourceAlias)));
    }

    private List<OpenGrant> openGrants(TypedQuery<Object[]> query) {
        return query.setParameter("now", clock.millis()).getResultStream()
                .map(row -> new OpenGrant((String) row[0], GrantStatus.valueOf((String) row[1]), (String) row[2]))
                .toList();
    }

    /**
     * The LIKE pattern matching one alias in the {@code ATTESTATION_SOURCES} column (space-separated, a space at each
     * end), with {@code !} escaping the wildcards: aliases may contain {@code _}, which would otherwise match any
     * character and revoke grants of a neighbouring source.
     */
    static String sourcePattern(String alias) {
        StringBuilder escaped = new StringBuilder();
        for (char c : alias.toCharArray()) {
            if (c == '!' || c == '%' || c == '_') {
                escaped.append('!');
            }
            escaped.append(c);
        }
        return "% " + escaped + " %";
    }

    /** Every grant of the person, newest first (for export). */
    public List<TaskGrant> ofPerson(String realmId, Person person) {
        return em.createNamedQuery("agentGrantOfPerson", TaskGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", person.userId())
                .setParameter("hints", List.copyOf(person.loginHints()))
                .getResultStream().map(GrantStore::snapshot).toList();
    }

    /**
     * Deletes the person's grants and their audit records; answers how many grants were deleted. Each delete is
     * conditioned on the grant still being the person's, and only the records of grants actually deleted go with them.
     */
    public int erase(String realmId, Person person) {
        List<String> ids = em.createNamedQuery("agentGrantIdsOfPerson", String.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", person.userId())
                .setParameter("hints", List.copyOf(person.loginHints()))
                .getResultList();
        int erased = 0;
        for (int from = 0; from < ids.size(); from += ERASE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + ERASE_BATCH));
            erased += em.createNamedQuery("agentGrantDeleteOfPerson")
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

    /** Writes down the expiry {@link TaskGrant#statusAt} already reports; true when this call made the transition. */
    public boolean expire(TaskGrant grant) {
        String query = grant.status() == GrantStatus.PENDING ? "agentGrantExpirePending" : "agentGrantExpireApproved";
        return transitioned(em.createNamedQuery(query)
                .setParameter("id", grant.id())
                .setParameter("realmId", grant.realmId())
                .setParameter("now", clock.millis())
                .executeUpdate(), grant.id());
    }

    /**
     * A bulk update bypasses the persistence context: an entity this request already loaded would still show the old
     * state, so after a transition it is read again.
     */
    private boolean transitioned(int rows, String id) {
        if (rows != 1) {
            return false;
        }
        reload(id);
        return true;
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
        em.refresh(entity, jakarta.persistence.LockModeType.PESSIMISTIC_READ);
        return snapshot(entity);
    }

    public void deleteByRealm(String realmId) {
        em.createNamedQuery("agentGrantAuditDeleteByRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("agentGrantDeleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private static TaskGrant snapshot(TaskGrantEntity e) {
        return new TaskGrant(e.getId(), e.getRealmId(), e.getAgentId(), e.getAgentClientId(), e.getInstanceKeyThumbprint(),
                GrantStatus.valueOf(e.getStatus()), Optional.ofNullable(e.getUserId()), Optional.ofNullable(e.getLoginHint()),
                e.getPurpose(), e.getAudience(), TaskGrant.scopes(e.getRequestedScope()),
                Optional.ofNullable(e.getApprovedScope()).map(TaskGrant::scopes), e.getAuthorizationDetails(),
                Duration.ofSeconds(e.getRequestedLifetime()), Optional.ofNullable(e.getApprovedLifetime()).map(Duration::ofSeconds),
                e.getMaxUses(), e.getUses(), facts(e.getFacts()),
                java.util.Arrays.stream(e.getAttestationSources().trim().split(" ")).filter(x -> !x.isEmpty()).toList(),
                e.getPolicyId(), e.getPolicyVersion(), e.getAttestationJti(),
                instant(e.getIdentityExpiresAt()), Instant.ofEpochMilli(e.getRequestedAt()), Optional.ofNullable(e.getRequestAddress()),
                Instant.ofEpochMilli(e.getApprovalExpiresAt()), instant(e.getDecidedAt()), instant(e.getExpiresAt()),
                instant(e.getAuthTime()), Optional.ofNullable(e.getAcr()), Optional.ofNullable(e.getAuthMethods()),
                instant(e.getEndedAt()), Optional.ofNullable(e.getEndedBy()), Optional.ofNullable(e.getEndReason()));
    }

    private static Optional<Instant> instant(Long millis) {
        return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
    }

    private static String json(Map<String, String> facts) {
        try {
            return JsonSerialization.writeValueAsString(new java.util.TreeMap<>(facts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> facts(String json) {
        try {
            return JsonSerialization.readValue(json, FACTS);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored facts are not JSON", e);
        }
    }

}
