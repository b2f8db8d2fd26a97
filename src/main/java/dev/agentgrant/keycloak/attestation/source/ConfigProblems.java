package dev.agentgrant.keycloak.attestation.source;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.component.ComponentValidationException;

/**
 * Collects every problem of a configuration before answering, so an admin fixes them in one round
 * (SPIRE's plugin configuration style) instead of one error per attempt.
 */
public final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    public void add(String problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(problems);
    }

    /** Keycloak's admin REST turns this exception into a 400 with the message. */
    public void throwIfAny() throws ComponentValidationException {
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
    }
}
