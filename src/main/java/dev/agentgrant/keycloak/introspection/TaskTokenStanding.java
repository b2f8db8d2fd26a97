package dev.agentgrant.keycloak.introspection;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a task token that verified (signature, issuer, {@code exp}, not-before) still stands, decided from what is
 * stored now rather than from what the token says (docs/wire-contract.md, "Revocation and introspection"): its
 * grant, the agent and the person. A token stops standing the moment its grant is revoked or expires, or its person
 * or agent is disabled, locked out, suspended or deleted. An exhausted grant mints no more tokens but leaves the ones it minted standing until they expire.
 */
public final class TaskTokenStanding {

    private TaskTokenStanding() {}

    /** The agent client as it is now: its internal id, whether it is enabled and an unsuspended agent. */
    public record Agent(String id, boolean enabled, boolean agent, boolean suspended) {}

    /**
     * The person as they are now.
     *
     * @param tokensRevoked whether an admin revoked the person's tokens issued before this one (user not-before)
     */
    public record Person(String id, boolean enabled, boolean lockedOut, boolean tokensRevoked) {}

    /** What the verified token says about itself. */
    public record Claims(Object grantId, String subject, String authorizedParty, Object actClientId) {}

    /**
     * Why the token no longer stands, as an event reason, or empty when it is active. The grant must be the one the
     * token names and belong to the same agent and person, so a token can never borrow another grant's standing.
     */
    public static Optional<String> inactiveReason(
            Claims claims, Optional<TaskGrant> grant, Optional<Agent> agent, Optional<Person> person, Instant now) {
        if (!(claims.grantId() instanceof String) || grant.isEmpty()) {
            return Optional.of("grant_not_found");
        }
        TaskGrant g = grant.get();
        if (!g.id().equals(claims.grantId())
                || !g.agent().clientId().equals(claims.authorizedParty())
                || !Objects.equals(claims.actClientId(), claims.authorizedParty())
                || !g.userId().map(id -> id.equals(claims.subject())).orElse(false)) {
            return Optional.of("grant_mismatch");
        }
        GrantStatus status = g.statusAt(now);
        if (status == GrantStatus.REVOKED) {
            return Optional.of("grant_revoked");
        }
        boolean expired = status == GrantStatus.EXPIRED
                || g.expiresAt().map(e -> !now.isBefore(e)).orElse(true);
        if (expired) {
            return Optional.of("grant_expired");
        }
        if (status != GrantStatus.APPROVED && status != GrantStatus.EXHAUSTED) {
            // Only an approved grant mints; a token naming a pending or denied one was never ours to honour.
            return Optional.of("grant_not_approved");
        }
        if (agent.isEmpty() || !agent.get().id().equals(g.agent().id())) {
            // A client deleted and created again under the same client_id is another agent.
            return Optional.of("agent_not_found");
        }
        if (!agent.get().enabled()) {
            return Optional.of("agent_disabled");
        }
        if (!agent.get().agent()) {
            return Optional.of("not_an_agent");
        }
        if (agent.get().suspended()) {
            return Optional.of("agent_suspended");
        }
        if (person.isEmpty() || !person.get().id().equals(claims.subject())) {
            return Optional.of("user_not_found");
        }
        if (!person.get().enabled()) {
            return Optional.of("user_disabled");
        }
        if (person.get().lockedOut()) {
            return Optional.of("user_locked");
        }
        if (person.get().tokensRevoked()) {
            return Optional.of("user_tokens_revoked");
        }
        return Optional.empty();
    }
}
