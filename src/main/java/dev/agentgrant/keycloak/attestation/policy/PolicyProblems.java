package dev.agentgrant.keycloak.attestation.policy;

import java.util.List;

/**
 * An attestation policy that cannot be used, with every problem found in it, so an admin fixes them in one round
 * rather than one per save. Raised at configuration time; a policy that parsed never fails to evaluate.
 */
public final class PolicyProblems extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PolicyProblems(List<String> problems) {
        super("Invalid attestation policy: " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
