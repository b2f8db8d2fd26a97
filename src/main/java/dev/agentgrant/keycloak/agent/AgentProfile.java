package dev.agentgrant.keycloak.agent;

import static dev.agentgrant.keycloak.agent.AgentProfileOptions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An agent client's profile: its {@code agent-grant.*} client attributes, validated and typed, with the defaults of
 * {@link AgentProfileOptions}. A profile only comes from {@link #read(Map)}, so holding one means every limit below
 * holds: ceilings name no forbidden scope or built-in client, numbers are in range.
 */
public final class AgentProfile {

    private final boolean enabled;
    private final boolean suspended;
    private final Set<String> allowedAudiences;
    private final Set<String> allowedScopes;
    private final Duration maxGrantLifetime;
    private final Duration approvalTimeout;
    private final Set<String> owners;
    private final int maxPendingRequests;
    private final int maxPendingRequestsPerUser;
    private final boolean requireLoginHint;
    private final Duration maxAuthAge;
    private final Optional<String> attestationPolicy;
    private final int maxUses;
    private final boolean dpopNonceRequired;
    private final Set<String> delegates;
    private final int delegationDepth;

    private AgentProfile(AgentProfileReader reader) {
        enabled = reader.flag(ENABLED);
        suspended = reader.flag(SUSPENDED);
        allowedAudiences = reader.names(ALLOWED_AUDIENCES);
        allowedScopes = reader.names(ALLOWED_SCOPES);
        maxGrantLifetime = Duration.ofSeconds(reader.number(MAX_GRANT_LIFETIME));
        approvalTimeout = Duration.ofSeconds(reader.number(APPROVAL_TIMEOUT));
        owners = reader.names(OWNERS);
        maxPendingRequests = (int) reader.number(MAX_PENDING_REQUESTS);
        maxPendingRequestsPerUser = (int) reader.number(MAX_PENDING_REQUESTS_PER_USER);
        requireLoginHint = reader.flag(REQUIRE_LOGIN_HINT);
        maxAuthAge = Duration.ofSeconds(reader.number(MAX_AUTH_AGE));
        attestationPolicy = reader.text(ATTESTATION_POLICY);
        maxUses = (int) reader.number(MAX_USES);
        dpopNonceRequired = reader.flag(DPOP_NONCE_REQUIRED);
        delegates = reader.names(DELEGATES);
        delegationDepth = (int) reader.number(DELEGATION_DEPTH);
    }

    /**
     * Reads a client's attributes. Attributes outside the {@code agent-grant.} namespace are ignored; inside it,
     * every attribute must be a declared option or one another part of the extension owns.
     *
     * @param attributes the client's attributes ({@code ClientModel.getAttributes()}); {@code null} reads as none
     * @throws AgentProfileProblems with every problem found, when the attributes are not a usable profile
     */
    public static AgentProfile read(Map<String, String> attributes) throws AgentProfileProblems {
        Map<String, String> present = attributes == null ? Map.of() : attributes;
        List<AgentProfileProblems.Problem> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String name : present.keySet()) {
            if (name != null && inNamespace(name) && byName(name).isEmpty() && !OWNED_ELSEWHERE.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : unknown) {
            problems.add(new AgentProfileProblems.Problem(
                    name,
                    "unknown attribute " + AgentProfileReader.shown(name)
                            + " (the agent-grant. attributes are listed in the README)"));
        }
        AgentProfile profile = new AgentProfile(new AgentProfileReader(present, problems));
        if (!problems.isEmpty()) {
            throw new AgentProfileProblems(problems);
        }
        return profile;
    }

    /** Whether the client is an agent at all ({@code agent-grant.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /** Whether an admin suspended the agent: no new requests, no new tokens. */
    public boolean suspended() {
        return suspended;
    }

    /** An agent that is enabled and not suspended. */
    public boolean active() {
        return enabled && !suspended;
    }

    /** The client_ids a grant may name as audience, in the order the admin wrote them. */
    public Set<String> allowedAudiences() {
        return allowedAudiences;
    }

    /** The agent's scope ceiling, in the order the admin wrote it. */
    public Set<String> allowedScopes() {
        return allowedScopes;
    }

    public boolean allowsAudience(String clientId) {
        return clientId != null && allowedAudiences.contains(clientId);
    }

    public boolean allowsScope(String scope) {
        return scope != null && allowedScopes.contains(scope);
    }

    /** Longest validity of a grant after approval; the lifetime of a request that names none. */
    public Duration maxGrantLifetime() {
        return maxGrantLifetime;
    }

    /** How long a request waits for a decision. */
    public Duration approvalTimeout() {
        return approvalTimeout;
    }

    /** Usernames of the people responsible for the agent. */
    public Set<String> owners() {
        return owners;
    }

    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    public int maxPendingRequestsPerUser() {
        return maxPendingRequestsPerUser;
    }

    public boolean requireLoginHint() {
        return requireLoginHint;
    }

    /** How old the approving human's authentication may be; {@link Duration#ZERO} means always re-authenticate. */
    public Duration maxAuthAge() {
        return maxAuthAge;
    }

    /** The attestation policy JSON or realm policy name, trimmed; empty when the agent has none. */
    public Optional<String> attestationPolicy() {
        return attestationPolicy;
    }

    /** Most tokens one grant may mint; the default of a request that names no {@code max_uses}. */
    public int maxUses() {
        return maxUses;
    }

    /** Whether every DPoP proof at the token exchange must carry a fresh server-issued nonce (RFC 9449 §8). */
    public boolean dpopNonceRequired() {
        return dpopNonceRequired;
    }

    /** The client_ids of the agents this agent may hand a task to, in the order the admin wrote them. */
    public Set<String> delegates() {
        return delegates;
    }

    /** Most hand-overs a chain starting at a grant of this agent may have; 0 when its tokens cannot be handed on. */
    public int delegationDepth() {
        return delegationDepth;
    }

    /** An admin-supplied value as it may appear in a problem: quoted, shortened, invisible characters replaced. */
    static String shown(String value) {
        return AgentProfileReader.shown(value);
    }

    @Override
    public String toString() {
        return "AgentProfile[enabled=" + enabled + ", suspended=" + suspended + ", audiences=" + allowedAudiences
                + ", scopes=" + allowedScopes + ", maxGrantLifetime=" + maxGrantLifetime + ", maxUses=" + maxUses + "]";
    }
}
