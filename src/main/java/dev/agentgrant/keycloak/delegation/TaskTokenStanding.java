package dev.agentgrant.keycloak.delegation;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a task token that verified (signature, issuer, {@code exp}, not-before) still stands, decided from what is
 * stored now rather than from what the token says (docs/wire-contract.md, "Revocation and introspection" and "Sub-agent
 * chains"): its grant, every agent in its chain and the person. A token stops standing the moment its grant is revoked
 * or expires, its person is disabled, locked out or deleted, or any agent in its chain is disabled, suspended, deleted
 * or no longer an agent. So ending the grant or the grant's own agent ends every token derived from it, while
 * suspending a sub-agent ends only the tokens of its hop and those handed on from them. An exhausted grant mints no
 * more tokens but leaves the ones it minted standing until they expire. Both the introspection and the sub-agent
 * exchange (which takes a task token as its subject) decide with this one rule.
 */
public final class TaskTokenStanding {

    private TaskTokenStanding() {}

    /**
     * An agent client as it is now.
     *
     * @param id               its internal id
     * @param serviceAccountId the user id of its service account, the {@code act.sub} of its tokens, when it has one
     * @param agent            whether it reads as an agent ({@code agent-grant.enabled}, a usable profile)
     */
    public record Agent(
            String id, Optional<String> serviceAccountId, boolean enabled, boolean agent, boolean suspended) {}

    /**
     * The person as they are now.
     *
     * @param tokensRevoked whether an admin revoked the person's tokens issued before this one (user not-before)
     */
    public record Person(String id, boolean enabled, boolean lockedOut, boolean tokensRevoked) {}

    /**
     * What the verified token says about itself.
     *
     * @param act the {@code act} claim as parsed, read with {@link ActorChain#read}
     */
    public record Claims(Object grantId, String subject, String authorizedParty, Object act) {}

    /**
     * Why the token no longer stands, as an event reason, or empty when it is active. The grant must be the one the
     * token names, with the same person, and the chain must start at the grant's agent and end at the token's
     * {@code azp}, so a token can never borrow another grant's standing.
     *
     * @param agents each agent of the chain as it is now, by client_id; empty for a client that does not exist
     */
    public static Optional<String> inactiveReason(
            Claims claims,
            Optional<TaskGrant> grant,
            Function<String, Optional<Agent>> agents,
            Optional<Person> person,
            Instant now) {
        if (!(claims.grantId() instanceof String) || grant.isEmpty()) {
            return Optional.of("grant_not_found");
        }
        TaskGrant g = grant.get();
        Optional<ActorChain> read = ActorChain.read(claims.act());
        if (read.isEmpty()
                || !g.id().equals(claims.grantId())
                || !g.agent().clientId().equals(read.get().root().clientId())
                || !read.get().current().clientId().equals(claims.authorizedParty())
                || !g.userId().map(id -> id.equals(claims.subject())).orElse(false)) {
            return Optional.of("grant_mismatch");
        }
        ActorChain chain = read.get();
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
        for (int hop = 0; hop < chain.actors().size(); hop++) {
            ActorChain.Actor actor = chain.actors().get(hop);
            Optional<Agent> found = agents.apply(actor.clientId());
            Optional<String> reason = hop == 0
                    ? agentReason(found.filter(a -> a.id().equals(g.agent().id())))
                    // A sub-agent is named by its client_id and service account: a client deleted and created again
                    // under the same client_id has another service account, and is another agent.
                    : agentReason(found.filter(a -> a.serviceAccountId().equals(Optional.of(actor.sub()))));
            if (reason.isPresent()) {
                return reason;
            }
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

    private static Optional<String> agentReason(Optional<Agent> agent) {
        if (agent.isEmpty()) {
            // For the grant's agent, a client deleted and created again under the same client_id is another agent.
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
        return Optional.empty();
    }
}
