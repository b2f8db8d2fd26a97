package dev.agentgrant.keycloak.agent;

import java.util.List;

/**
 * Client attributes that do not make a usable agent profile, with every problem found in them, so an admin fixes
 * them in one round rather than one per save (SPIRE's plugin configuration style).
 */
public final class AgentProfileProblems extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * One problem: the attribute it is about and a sentence that names that attribute again, so the sentence reads
     * on its own in a log line.
     */
    public record Problem(String attribute, String message) {}

    private final List<Problem> details;

    public AgentProfileProblems(List<Problem> details) {
        super(
                "Invalid agent profile: "
                        + String.join(
                                "; ", details.stream().map(Problem::message).toList()),
                null,
                false,
                false);
        this.details = List.copyOf(details);
    }

    /** One sentence per problem, each naming the attribute it is about. */
    public List<String> problems() {
        return details.stream().map(Problem::message).toList();
    }

    /** Every problem with the attribute it is about, for answers that point at a field. */
    public List<Problem> details() {
        return details;
    }
}
