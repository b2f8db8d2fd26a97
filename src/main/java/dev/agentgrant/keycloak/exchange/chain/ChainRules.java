package dev.agentgrant.keycloak.exchange.chain;

import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Who may take a task token over, decided from the chain the parent token carries and the profiles and grant as they
 * are now (docs/wire-contract.md, "Sub-agent chains"). Each rule answers with the code the OAuth Actor Profile for
 * Delegation (draft-mcguinness-oauth-actor-profile, "Error Responses") gives it: a chain longer than allowed is
 * {@code invalid_request} ("excessive chain depth"), an actor the delegation policy does not allow is
 * {@code actor_unauthorized}.
 */
public final class ChainRules {

    private ChainRules() {}

    /**
     * The hand-over is within the depth the grant's agent allows ({@code agent-grant.delegation-depth} of its profile as
     * it is now): the new token's {@code delegation_hops} may not exceed it. The chain is refused, never truncated.
     */
    public static void depth(ActorChain parent, int maxHops) throws ExchangeRefusal {
        if (parent.hops() + 1 > maxHops) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_REQUEST,
                    "delegation_depth_exceeded",
                    "The task cannot be handed on further: the chain would exceed its maximum depth of " + maxHops);
        }
    }

    /**
     * The sub-agent may take the task over: it acts nowhere in the chain yet (no agent twice, so a chain cannot loop
     * back through an agent that already held it), the parent agent's profile names it among its delegates, and the
     * person left it ticked when approving the grant.
     *
     * @param parentDelegates   the delegates of the agent holding the parent token, from its profile now
     * @param approvedDelegates the sub-agents the person let the grant's agent hand the task to
     */
    public static void actor(
            ActorChain parent, String subAgent, Set<String> parentDelegates, Set<String> approvedDelegates)
            throws ExchangeRefusal {
        if (parent.includes(subAgent)) {
            throw new ExchangeRefusal(
                    OAuthError.ACTOR_UNAUTHORIZED, "actor_repeated", "This agent already acts in the task's chain");
        }
        if (!parentDelegates.contains(subAgent)) {
            throw new ExchangeRefusal(
                    OAuthError.ACTOR_UNAUTHORIZED,
                    "delegate_not_listed",
                    "The agent holding the token may not hand the task to this agent");
        }
        if (!approvedDelegates.contains(subAgent)) {
            throw new ExchangeRefusal(
                    OAuthError.ACTOR_UNAUTHORIZED,
                    "delegate_not_approved",
                    "The person did not allow the task to be handed to this agent");
        }
    }

    /** The one audience the parent token names, which every token of the chain keeps. */
    public static String parentAudience(List<String> audiences) throws ExchangeRefusal {
        if (audiences.size() != 1) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_GRANT,
                    "subject_token_audience",
                    "The subject token is not an active task token");
        }
        return audiences.get(0);
    }

    /** A hop's token never outlives its parent: the parent's {@code exp} caps the grant's expiry for it. */
    public static Instant notAfter(Instant grantExpiry, Instant parentExpiry) {
        return parentExpiry.isBefore(grantExpiry) ? parentExpiry : grantExpiry;
    }
}
