package dev.agentgrant.keycloak.attestation.policy;

import java.util.List;

/**
 * The outcome of one policy rule in one evaluation.
 *
 * @param ruleId the rule, as the policy names it: {@code require[spire]}, {@code any_of[0]}, {@code facts[1]},
 *               {@code max_age[build]}, {@code same[0]}, {@code key_binding}, or {@code one_per_source}
 * @param outcome whether it passed, failed or did not apply
 * @param detail what was found, for admins and audit; may quote fact values, never meant for the client
 * @param sources the attestation sources the rule is about
 */
public record RuleResult(String ruleId, Outcome outcome, String detail, List<String> sources) {

    public enum Outcome {
        PASSED,
        FAILED,
        /** The rule is about an optional source ({@code any_of}) that presented no evidence. */
        NOT_APPLICABLE
    }

    public RuleResult {
        sources = List.copyOf(sources);
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
