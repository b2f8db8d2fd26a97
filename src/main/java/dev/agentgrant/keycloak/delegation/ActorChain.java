package dev.agentgrant.keycloak.delegation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who acts in a task token, as its {@code act} claim says (RFC 8693 §4.1): the agent of the grant first, then each
 * sub-agent the task was handed to, the last being the one that holds the token now. RFC 8693 nests the chain the
 * other way round — the outermost {@code act} is the current actor, each earlier actor nested inside it — and so does
 * the claim this class writes and reads.
 *
 * <p>Every actor is written as the OAuth Actor Profile for Delegation (draft-mcguinness-oauth-actor-profile, "Actor
 * Object Structure") describes it: {@code sub} (the agent client's service-account user id) with {@code iss} (the
 * realm's issuer: the namespace that {@code sub} is an identifier in), {@code sub_profile} {@code ai_agent} (the entity
 * profile of draft-mora-oauth-entity-profiles), and {@code client_id}, the agent client (Keycloak 26.8's own
 * {@code act} shape).
 *
 * @param actors the grant's agent first, the current actor last; never empty
 */
public record ActorChain(List<Actor> actors) {

    /** The entity profile of every actor in a task token (draft-mora-oauth-entity-profiles). */
    public static final String AI_AGENT = "ai_agent";

    /**
     * Most actors a chain read from a token may have: the grant's agent and the most hand-overs an agent profile allows
     * ({@code agent-grant.delegation-depth} ≤ 5). A deeper claim is no chain this server wrote.
     */
    public static final int MAX_ACTORS = 6;

    /**
     * One actor.
     *
     * @param sub      the agent's service-account user id
     * @param clientId the agent's client_id
     */
    public record Actor(String sub, String clientId) {}

    public ActorChain {
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("A chain has at least the grant's agent");
        }
        actors = List.copyOf(actors);
    }

    /** A chain of the grant's agent alone: the token a grant mints for its own agent. */
    public static ActorChain of(Actor agent) {
        return new ActorChain(List.of(agent));
    }

    /** The grant's agent, which the person approved (the innermost {@code act}). */
    public Actor root() {
        return actors.get(0);
    }

    /** The agent that holds the token (the outermost {@code act}, and the token's {@code azp} and {@code client_id}). */
    public Actor current() {
        return actors.get(actors.size() - 1);
    }

    /** How many times the task was handed on: 0 for a token of the grant's own agent. */
    public int hops() {
        return actors.size() - 1;
    }

    /** Whether an agent with this client_id acts anywhere in the chain. */
    public boolean includes(String clientId) {
        return actors.stream().anyMatch(actor -> actor.clientId().equals(clientId));
    }

    /** The chain after the current actor hands the task to {@code next}. */
    public ActorChain handedTo(Actor next) {
        List<Actor> longer = new ArrayList<>(actors);
        longer.add(next);
        return new ActorChain(longer);
    }

    /** The client_ids, the grant's agent first, separated by single spaces (for audit records and events). */
    public String clientIds() {
        return String.join(" ", actors.stream().map(Actor::clientId).toList());
    }

    /** The {@code act} claim: the current actor outermost, each earlier one nested in the next (RFC 8693 §4.1). */
    public Map<String, Object> claim(String issuer) {
        Map<String, Object> inner = null;
        for (Actor actor : actors) {
            Map<String, Object> act = new LinkedHashMap<>();
            act.put("sub", actor.sub());
            act.put("iss", issuer);
            act.put("sub_profile", AI_AGENT);
            act.put("client_id", actor.clientId());
            if (inner != null) {
                act.put("act", inner);
            }
            inner = act;
        }
        return inner;
    }

    /**
     * Reads the {@code act} claim of a verified token strictly: objects nested at most {@link #MAX_ACTORS} deep, each
     * with a non-empty string {@code sub} and {@code client_id}; empty for anything else, so a token whose chain does
     * not read never stands.
     */
    public static Optional<ActorChain> read(Object act) {
        List<Actor> outermostFirst = new ArrayList<>();
        Object node = act;
        while (node != null) {
            if (!(node instanceof Map<?, ?> object) || outermostFirst.size() == MAX_ACTORS) {
                return Optional.empty();
            }
            if (!(object.get("sub") instanceof String sub)
                    || sub.isEmpty()
                    || !(object.get("client_id") instanceof String clientId)
                    || clientId.isEmpty()) {
                return Optional.empty();
            }
            outermostFirst.add(new Actor(sub, clientId));
            node = object.get("act");
        }
        if (outermostFirst.isEmpty()) {
            return Optional.empty();
        }
        Collections.reverse(outermostFirst);
        return Optional.of(new ActorChain(outermostFirst));
    }
}
