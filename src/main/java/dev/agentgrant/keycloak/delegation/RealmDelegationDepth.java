package dev.agentgrant.keycloak.delegation;

import java.util.regex.Pattern;

/**
 * The realm's cap on how deep any task may be handed on (README.md, "Agent clients"): the realm attribute
 * {@value #ATTRIBUTE}, a whole number 0–5. Each agent sets its own depth ({@code agent-grant.delegation-depth},
 * default 2); a realm that sets the attribute holds every agent to at most that many hand-overs, whatever its profile
 * says. Unset or blank: no cap beyond the agents' own. A value that is not such a number allows no hand-over at all
 * (fail closed: an admin who wrote it meant to limit hand-overs, not to lift the limit).
 */
public final class RealmDelegationDepth {

    public static final String ATTRIBUTE = "agent-grant.max-delegation-depth";

    /** The same range as the agent option: a chain is never longer than that. */
    public static final int MAX = 5;

    private static final Pattern DIGIT = Pattern.compile("[0-9]");

    private RealmDelegationDepth() {}

    /**
     * @param agentDepth the depth the grant's agent allows (its profile, already within 0–{@value #MAX})
     * @param attribute  the realm's attribute, null when unset
     * @return how many hand-overs a chain starting at that agent's grant may have in this realm
     */
    public static int effective(int agentDepth, String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return agentDepth;
        }
        String value = attribute.trim();
        if (!DIGIT.matcher(value).matches() || Integer.parseInt(value) > MAX) {
            return 0;
        }
        return Math.min(agentDepth, Integer.parseInt(value));
    }
}
