package dev.agentgrant.keycloak.attestation.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating a policy against the verified evidence of one presentation. Every rule is evaluated, so
 * {@link #results()} explains the whole decision; the decision is an allow only when no rule failed.
 *
 * @param policyVersionHash {@link AttestationPolicy#versionHash()} of the policy applied
 * @param evaluatedAt the evaluation time
 * @param results every rule's result, in evaluation order
 * @param passedSources the policy's sources that presented evidence about which no rule failed, in policy order
 */
public record PolicyDecision(
        String policyVersionHash, Instant evaluatedAt, List<RuleResult> results, List<String> passedSources) {

    /** What a client may be told about a denial: nothing about which rule failed or which values were seen. */
    public static final String GENERIC_DENIAL = "The attestation evidence does not satisfy the agent's policy";

    public PolicyDecision {
        results = List.copyOf(results);
        passedSources = List.copyOf(passedSources);
    }

    /** True only when at least one rule was evaluated and none failed. */
    public boolean allowed() {
        return !results.isEmpty() && results.stream().noneMatch(RuleResult::failed);
    }

    /** The first rule that failed, in evaluation order; empty when allowed. */
    public Optional<RuleResult> firstFailure() {
        return results.stream().filter(RuleResult::failed).findFirst();
    }

    /** The client-facing reason for a denial, the same whatever failed; empty when allowed. */
    public Optional<String> genericReason() {
        return allowed() ? Optional.empty() : Optional.of(GENERIC_DENIAL);
    }
}
