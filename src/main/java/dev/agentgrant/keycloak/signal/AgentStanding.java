package dev.agentgrant.keycloak.signal;

/**
 * What an agent's tokens depend on besides their grant: whether its client is enabled and whether the agent is
 * suspended ({@code agent-grant.suspended}). Either one turned off makes introspection answer its tokens inactive, and
 * turned on again active (docs/wire-contract.md, "Revocation and introspection"); a change is pushed to receivers as a
 * {@code token-claims-change} ({@link CaepEvent#standingChanged}).
 */
public record AgentStanding(boolean enabled, boolean suspended) {

    /** An agent nobody has turned off: how every agent starts, and what an agent without a record is taken to be. */
    public static final AgentStanding USABLE = new AgentStanding(true, false);
}
