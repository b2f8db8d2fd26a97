package dev.agentgrant.keycloak.agent;

import java.util.List;

/**
 * Client attributes that do not make a usable agent profile, with every problem found in them, so an admin fixes
 * them in one round rather than one per save (SPIRE's plugin configuration style).
 */
public final class AgentProfileProblems extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public AgentProfileProblems(List<String> problems) {
        super("Invalid agent profile: " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** One sentence per problem, each naming the attribute it is about. */
    public List<String> problems() {
        return problems;
    }
}
