package dev.agentgrant.keycloak.grant.lifecycle;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantNotices;
import dev.agentgrant.keycloak.grant.GrantSignals;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.store.Approval;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.grant.store.NewGrant;
import dev.agentgrant.keycloak.notice.Notice;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;

/**
 * Every change of a grant's state, each written together with what records it: the guarded update of the store, the
 * grant's audit record naming the {@link Actor}, and — for a change a request asked for — the Keycloak event carrying
 * the same details. A grant that ends while it could mint tokens (revoked, used up) also queues the SET that tells the
 * receiver of its audience (README.md, "Revocation push"). All in the caller's transaction: the change, its records and
 * its SET commit or roll back together. A transition that loses a race (another one changed the grant first) writes
 * nothing and answers false.
 */
public final class GrantTransitions {

    /** The end reason the store writes for a grant whose last use was spent. */
    static final String EXHAUSTED_REASON = "max_uses_reached";

    private final GrantStore store;
    private final AuditTrail audit;
    /** Told of a grant this transition used up, to send its person a notice after the commit. */
    private final Consumer<TaskGrant> exhausted;
    /** Told of a grant that ended while usable, to queue the SET for its audience's receiver. */
    private final Ended ended;

    /** A grant that ended while it could mint tokens: who ended it and why. */
    @FunctionalInterface
    interface Ended {
        void ended(TaskGrant grant, Actor by, String reason);
    }

    GrantTransitions(GrantStore store, AuditTrail audit, Consumer<TaskGrant> exhausted, Ended ended) {
        this.store = store;
        this.audit = audit;
        this.exhausted = exhausted;
        this.ended = ended;
    }

    public static GrantTransitions of(KeycloakSession session) {
        GrantStore store = GrantStore.of(session);
        return new GrantTransitions(
                store,
                AuditTrail.of(session),
                grant -> GrantNotices.ended(session, grant, Notice.How.EXHAUSTED),
                (grant, by, reason) -> GrantSignals.ended(session, grant, by, reason, store.now()));
    }

    /**
     * Who causes a transition and what its record says: the audit details, also written to the request's event (if
     * any), which the transition then marks a success.
     */
    public record Change(Actor actor, Map<String, String> details, Optional<EventBuilder> event) {

        public Change {
            details = new LinkedHashMap<>(details);
        }

        public static Change by(Actor actor, Map<String, String> details) {
            return new Change(actor, details, Optional.empty());
        }

        /** A grant ended for a reason: the record names the grant and the reason. */
        public static Change ending(Actor actor, String grantId, String reason) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("grant_id", grantId);
            details.put("reason", reason);
            return by(actor, details);
        }

        public Change reportedTo(EventBuilder event) {
            return new Change(actor, details, Optional.of(event));
        }
    }

    /** A new pending request, recorded as {@code requested}. */
    public GrantStore.Created request(NewGrant request, Change change) {
        GrantStore.Created created = store.create(request);
        change.details().put("grant_id", created.grant().id());
        recorded(AuditTrail.Subject.of(created.grant()), "requested", change);
        return created;
    }

    /** {@code PENDING → APPROVED} by the person, recorded as {@code approved}. */
    public boolean approve(TaskGrant grant, Approval approval, Change change) {
        return store.approve(grant.realmId(), grant.id(), approval)
                && recorded(AuditTrail.Subject.of(grant), "approved", change);
    }

    /** {@code PENDING → DENIED} by the person, an admin or the system, recorded as {@code denied}. */
    public boolean deny(AuditTrail.Subject grant, String reason, Change change) {
        return store.deny(grant.realmId(), grant.grantId().orElseThrow(), change.actor(), reason)
                && recorded(grant, "denied", change);
    }

    /** {@code APPROVED → REVOKED}, recorded as {@code revoked}, and told to the audience's receiver. */
    public boolean revoke(AuditTrail.Subject grant, String reason, Change change) {
        String id = grant.grantId().orElseThrow();
        if (!store.revoke(grant.realmId(), id, change.actor(), reason)) {
            return false;
        }
        recorded(grant, "revoked", change);
        // Audience and person never change, so the grant as this transaction may have read it before names them.
        store.find(grant.realmId(), id).ifPresent(revoked -> ended.ended(revoked, change.actor(), reason));
        return true;
    }

    /** Writes down an expiry that is due, recorded as {@code expired} by the system; true when this call did. */
    public boolean expire(AuditTrail.Subject grant) {
        String id = grant.grantId().orElseThrow();
        Optional<String> reason = store.expire(grant.realmId(), id);
        reason.ifPresent(why -> audit.record(
                grant, "expired", AuditTrail.Outcome.SUCCESS, Actor.system(), Map.of("grant_id", id, "reason", why)));
        return reason.isPresent();
    }

    /**
     * Spends one use of an approved grant ({@link GrantStore#consumeUse}) and, when it was the last, ends the grant as
     * {@code exhausted} (recorded by the system, from the request's address, told to its person by email after the
     * commit, and to its audience's receiver). The grant after the use, or empty when no use was left to spend or the
     * grant ended meanwhile.
     *
     * @param grant the grant as the request read it
     */
    public Optional<TaskGrant> consumeUse(TaskGrant grant, Instant now, Optional<String> address) {
        Optional<TaskGrant> consumed = store.consumeUse(grant, now);
        if (consumed.isEmpty()) {
            return Optional.empty();
        }
        TaskGrant used = consumed.get();
        if (used.usage().usedUp() && store.exhaustIfUsedUp(grant.realmId(), grant.id())) {
            Actor system = Actor.system(address.orElse(null));
            audit.record(
                    AuditTrail.Subject.of(used),
                    "exhausted",
                    AuditTrail.Outcome.SUCCESS,
                    system,
                    Map.of(
                            "grant_id",
                            grant.id(),
                            "uses",
                            Integer.toString(used.usage().uses())));
            exhausted.accept(used);
            ended.ended(used, system, EXHAUSTED_REASON);
        }
        return Optional.of(used);
    }

    private boolean recorded(AuditTrail.Subject grant, String action, Change change) {
        audit.record(grant, action, AuditTrail.Outcome.SUCCESS, change.actor(), change.details());
        change.event().ifPresent(event -> {
            change.details().forEach(event::detail);
            event.success();
        });
        return true;
    }
}
