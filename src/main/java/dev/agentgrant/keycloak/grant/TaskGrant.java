package dev.agentgrant.keycloak.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task grant as read from the store: an immutable snapshot, never a managed entity. It is made of where it stands
 * ({@link Standing}: its status and, once final, how it ended), what the agent asked ({@link Request}), what it proved
 * ({@link Evidence}), what the person decided ({@link Decision}) and how much of it was used ({@link Usage}).
 */
public record TaskGrant(
        String id,
        String realmId,
        Standing standing,
        Request request,
        Evidence evidence,
        Decision decision,
        Usage usage) {

    /** @param ending how the grant ended, once it is in a final state */
    public record Standing(GrantStatus status, Optional<Ending> ending) {}

    /**
     * @param id                    the agent client's internal id
     * @param clientId              the agent's client_id when the grant was requested
     * @param instanceKeyThumbprint RFC 7638 thumbprint of the agent instance key the grant is pinned to
     */
    public record Agent(String id, String clientId, String instanceKeyThumbprint) {}

    /**
     * @param agent             the requesting agent, pinned to one instance key
     * @param task              the task as requested (its scopes are the requested ones)
     * @param lifetime          how long the agent asked the grant to last once approved
     * @param loginHint         the person expected to approve, as the agent named them
     * @param address           where the request came from
     * @param approvalExpiresAt until when the request may be approved
     */
    public record Request(
            Agent agent,
            AgentTask task,
            Duration lifetime,
            Optional<String> loginHint,
            Instant at,
            Optional<String> address,
            Instant approvalExpiresAt) {}

    /**
     * The verified attestation the request presented.
     *
     * @param facts             the requesting workload's verified facts, namespaced by source
     * @param sources           the attestation sources whose evidence the request presented
     * @param presentationJti   the presentation's {@code jti}
     * @param identityExpiresAt when the earliest identity evidence stops holding
     */
    public record Evidence(
            Map<String, String> facts,
            List<String> sources,
            String policyId,
            String policyVersion,
            String presentationJti,
            Optional<Instant> identityExpiresAt) {
        public Evidence {
            facts = Map.copyOf(facts);
            sources = List.copyOf(sources);
        }
    }

    /**
     * @param userId   the approving (or denying) person, once known; none when an admin or the system refused
     * @param at       when the request was decided
     * @param approval what was approved, for an approved grant
     */
    public record Decision(Optional<String> userId, Optional<Instant> at, Optional<Approval> approval) {
        public static final Decision NONE = new Decision(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param expiresAt   until when the grant may mint tokens
     * @param authMethods the credential types the person used, space-separated
     * @param delegates   the sub-agents (client_ids) the person let the agent hand the task to
     */
    public record Approval(
            Set<String> scopes,
            Duration lifetime,
            Instant expiresAt,
            Instant authTime,
            Optional<String> acr,
            Optional<String> authMethods,
            Set<String> delegates) {
        public Approval {
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
            delegates = Collections.unmodifiableSet(new LinkedHashSet<>(delegates));
        }
    }

    public record Usage(int uses, int maxUses) {
        public boolean usedUp() {
            return uses >= maxUses;
        }
    }

    /**
     * The grant as spending one use from this state leaves it, when this state can spend one (approved, a use left):
     * one more use, nothing else. An approved grant changes in no other column until it ends, and once ended it is
     * never approved again, so this is the row a use consumed on exactly this state leaves, without reading it back.
     */
    public Optional<TaskGrant> afterOneUse() {
        if (status() != GrantStatus.APPROVED || usage.usedUp()) {
            return Optional.empty();
        }
        return Optional.of(new TaskGrant(
                id, realmId, standing, request, evidence, decision, new Usage(usage.uses() + 1, usage.maxUses())));
    }

    /** @param by who ended it: {@code user:<id>}, {@code agent:<client_id>}, {@code admin:<id>} or {@code system} */
    public record Ending(Instant at, String by, String reason) {}

    /** Space-separated scope names (RFC 6749 §3.3) as a set, in the order written. */
    public static Set<String> scopes(String scope) {
        if (scope == null || scope.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
    }

    /**
     * The status as it stands at {@code now}: a pending request past its approval window or an approved grant past its
     * lifetime reads as expired even before the cleanup has written that down.
     */
    public GrantStatus statusAt(Instant now) {
        return dueExpiry(now).isPresent() ? GrantStatus.EXPIRED : status();
    }

    /**
     * The grant as it stands at {@code now}: a read-time view that shows a due expiry (status, and an ending by the
     * system at the deadline) without writing anything; the cleanup writes it down later.
     */
    public TaskGrant asOf(Instant now) {
        return dueExpiry(now)
                .map(ending -> new TaskGrant(
                        id,
                        realmId,
                        new Standing(GrantStatus.EXPIRED, Optional.of(ending)),
                        request,
                        evidence,
                        decision,
                        usage))
                .orElse(this);
    }

    private Optional<Ending> dueExpiry(Instant now) {
        GrantStatus status = status();
        if (status == GrantStatus.PENDING && !now.isBefore(request.approvalExpiresAt())) {
            return Optional.of(new Ending(request.approvalExpiresAt(), "system", "approval_timeout"));
        }
        Optional<Instant> expiresAt = expiresAt();
        if (status == GrantStatus.APPROVED
                && expiresAt.map(e -> !now.isBefore(e)).orElse(false)) {
            return Optional.of(new Ending(expiresAt.get(), "system", "lifetime_ended"));
        }
        return Optional.empty();
    }

    /** The scopes that count: the approved ones once approved, the requested ones before. */
    public Set<String> effectiveScopes() {
        return decision.approval().map(Approval::scopes).orElse(request.task().scopes());
    }

    /** The task as it counts now: with the approved scopes once approved. */
    public AgentTask task() {
        return request.task().withScopes(effectiveScopes());
    }

    /** Until when an approved grant may mint tokens. */
    public Optional<Instant> expiresAt() {
        return decision.approval().map(Approval::expiresAt);
    }

    public GrantStatus status() {
        return standing.status();
    }

    public Optional<Ending> ending() {
        return standing.ending();
    }

    public Agent agent() {
        return request.agent();
    }

    public Optional<String> userId() {
        return decision.userId();
    }
}
