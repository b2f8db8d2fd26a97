package dev.agentgrant.keycloak.attestation.policy;

import static dev.agentgrant.keycloak.attestation.policy.RuleResult.Outcome.FAILED;
import static dev.agentgrant.keycloak.attestation.policy.RuleResult.Outcome.NOT_APPLICABLE;
import static dev.agentgrant.keycloak.attestation.policy.RuleResult.Outcome.PASSED;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an {@link AttestationPolicy} to the verified evidence of one presentation (semantics in the policy's
 * documentation). Every rule is evaluated, in the order {@code one_per_source}, {@code require}, {@code any_of},
 * {@code facts}, {@code max_age}, {@code same}, {@code key_binding}, so the decision explains itself; it denies
 * when any rule failed. Pure: no I/O, the time comes from the clock.
 */
public final class PolicyEvaluator {

    private final Clock clock;

    public PolicyEvaluator(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param policy the agent's policy
     * @param evidence the verified evidence of one presentation, one item per source
     * @param instanceKeyThumbprint RFC 7638 thumbprint of the key that signed the presentation
     * @param agentContext agent context values by name ({@link AgentContext#of}); missing names are absent values
     */
    public PolicyDecision evaluate(
            AttestationPolicy policy,
            List<VerifiedEvidence> evidence,
            String instanceKeyThumbprint,
            Map<String, String> agentContext) {
        Instant now = clock.instant();
        Evaluation evaluation = new Evaluation(
                policy, evidence, instanceKeyThumbprint, agentContext == null ? Map.of() : agentContext, now);
        List<RuleResult> results = evaluation.run();
        List<String> passed = policy.sources().stream()
                .filter(evaluation::presented)
                .filter(source -> results.stream()
                        .noneMatch(r -> r.failed() && r.sources().contains(source)))
                .toList();
        return new PolicyDecision(policy.versionHash(), now, results, passed);
    }

    /** The state of one evaluation. */
    private static final class Evaluation {

        private final AttestationPolicy policy;
        private final List<VerifiedEvidence> evidence;
        private final String instanceKey;
        private final Map<String, String> agentContext;
        private final Instant now;
        private final Map<String, VerifiedEvidence> bySource = new HashMap<>();
        private final Set<String> duplicated = new LinkedHashSet<>();
        private final List<RuleResult> results = new ArrayList<>();

        Evaluation(
                AttestationPolicy policy,
                List<VerifiedEvidence> evidence,
                String instanceKey,
                Map<String, String> agentContext,
                Instant now) {
            this.policy = policy;
            // Evidence without a source alias belongs to no source: it can satisfy nothing, but a key it binds
            // is still checked.
            this.evidence = evidence == null
                    ? List.of()
                    : evidence.stream()
                            .filter(Objects::nonNull)
                            .map(item -> item.source() != null
                                    ? item
                                    : new VerifiedEvidence(
                                            "",
                                            item.facts(),
                                            item.issuedAt(),
                                            item.expiresAt(),
                                            item.confirmationKeyThumbprint()))
                            .toList();
            this.instanceKey = instanceKey == null || instanceKey.isEmpty() ? null : instanceKey;
            this.agentContext = agentContext;
            this.now = now;
            for (VerifiedEvidence item : this.evidence) {
                if (bySource.putIfAbsent(item.source(), item) != null) {
                    duplicated.add(item.source());
                }
            }
        }

        List<RuleResult> run() {
            onePerSource();
            policy.requiredSources().forEach(this::require);
            for (int i = 0; i < policy.anyOf().size(); i++) {
                anyOf(i, policy.anyOf().get(i));
            }
            for (int i = 0; i < policy.facts().size(); i++) {
                fact(i, policy.facts().get(i));
            }
            policy.maxAge().forEach(this::maxAge);
            for (int i = 0; i < policy.same().size(); i++) {
                same(i, policy.same().get(i));
            }
            keyBinding();
            return results;
        }

        boolean presented(String source) {
            return bySource.containsKey(source);
        }

        /** The wire contract allows one item per source; two would leave a rule free to pick the one it likes. */
        private void onePerSource() {
            if (duplicated.isEmpty()) {
                add("one_per_source", PASSED, "each source presented at most one evidence item", List.of());
            } else {
                add(
                        "one_per_source",
                        FAILED,
                        "sources presented more than one evidence item: " + duplicated,
                        List.copyOf(duplicated));
            }
        }

        private void require(String source) {
            String id = "require[" + source + "]";
            if (presented(source)) {
                add(id, PASSED, source + " presented verified evidence", List.of(source));
            } else {
                add(id, FAILED, "no verified evidence from " + source, List.of(source));
            }
        }

        private void anyOf(int index, List<String> group) {
            List<String> present = group.stream().filter(this::presented).toList();
            if (present.isEmpty()) {
                add("any_of[" + index + "]", FAILED, "no verified evidence from any of " + group, group);
            } else {
                add("any_of[" + index + "]", PASSED, "verified evidence from " + present, present);
            }
        }

        private void fact(int index, FactConstraint constraint) {
            String id = "facts[" + index + "]";
            FactReference fact = constraint.fact();
            List<String> sources = AttestationPolicy.sourcesOf(fact);
            if (skipped(id, sources)) {
                return;
            }
            Optional<String> value = value(fact);
            if (value.isEmpty()) {
                add(id, FAILED, fact + " is absent", sources);
            } else if (constraint.accepts(value.get())) {
                add(id, PASSED, fact + " is " + quoted(value.get()), sources);
            } else {
                add(id, FAILED, fact + " is " + quoted(value.get()) + ", must " + constraint.expectation(), sources);
            }
        }

        private void maxAge(String source, Duration maxAge) {
            String id = "max_age[" + source + "]";
            List<String> sources = List.of(source);
            if (skipped(id, sources)) {
                return;
            }
            VerifiedEvidence item = bySource.get(source);
            if (item == null) {
                add(id, FAILED, "no verified evidence from " + source, sources);
                return;
            }
            Optional<Instant> issuedAt = item.issuedAt();
            Duration skew = WireContract.CLOCK_SKEW;
            if (issuedAt.isEmpty()) {
                add(id, FAILED, source + " evidence does not say when it was issued", sources);
            } else if (issuedAt.get().isAfter(now.plus(skew))) {
                add(id, FAILED, source + " evidence was issued in the future, at " + issuedAt.get(), sources);
            } else if (issuedAt.get().plus(maxAge).plus(skew).isBefore(now)) {
                add(id, FAILED, source + " evidence issued at " + issuedAt.get() + " is older than " + maxAge, sources);
            } else {
                add(id, PASSED, source + " evidence issued at " + issuedAt.get() + ", within " + maxAge, sources);
            }
        }

        private void same(int index, SameRule rule) {
            String id = "same[" + index + "]";
            List<String> sources = AttestationPolicy.sourcesOf(rule.left(), rule.right());
            if (skipped(id, sources)) {
                return;
            }
            Optional<String> left = value(rule.left());
            Optional<String> right = value(rule.right());
            if (left.isEmpty() || right.isEmpty()) {
                add(id, FAILED, (left.isEmpty() ? rule.left() : rule.right()) + " is absent", sources);
            } else if (rule.holds(left.get(), right.get())) {
                add(
                        id,
                        PASSED,
                        rule.left() + " and " + rule.right() + " agree on " + quoted(single(rule, left, right)),
                        sources);
            } else {
                add(
                        id,
                        FAILED,
                        rule.left() + " is " + quoted(left.get()) + " but " + rule.right() + " is "
                                + quoted(right.get()),
                        sources);
            }
        }

        /**
         * Evidence from any source that binds a key must bind the instance key: evidence bound to another key was
         * issued to another holder. For {@code required}, one of the policy's own sources must bind it too —
         * evidence the policy does not name cannot satisfy a rule (monotonicity).
         */
        private void keyBinding() {
            KeyBinding binding = policy.keyBinding();
            if (binding == KeyBinding.OFF) {
                add("key_binding", NOT_APPLICABLE, "key binding is off", List.of());
                return;
            }
            List<String> foreign = new ArrayList<>();
            List<String> bound = new ArrayList<>();
            for (VerifiedEvidence item : evidence) {
                Optional<String> cnf = item.confirmationKeyThumbprint();
                if (cnf.isEmpty()) {
                    continue;
                }
                if (instanceKey == null || !instanceKey.equals(cnf.get())) {
                    foreign.add(item.source());
                } else if (policy.sources().contains(item.source()) && bySource.get(item.source()) == item) {
                    // Only the item the other rules read speaks for its source; a second one changes no outcome.
                    bound.add(item.source());
                }
            }
            List<String> presentSources =
                    policy.sources().stream().filter(this::presented).toList();
            if (!foreign.isEmpty()) {
                add(
                        "key_binding",
                        FAILED,
                        "evidence from " + foreign + " binds a key other than the instance key",
                        foreign);
            } else if (binding == KeyBinding.REQUIRED && bound.isEmpty()) {
                add("key_binding", FAILED, "no evidence from a policy source binds the instance key", presentSources);
            } else if (bound.isEmpty()) {
                add("key_binding", PASSED, "no evidence binds a key", List.of());
            } else {
                add("key_binding", PASSED, "evidence from " + bound + " binds the instance key", bound);
            }
        }

        /**
         * A rule about an optional source that presented nothing does not apply: the source was an alternative,
         * and its constraints bind it only when it is used.
         */
        private boolean skipped(String id, List<String> sources) {
            List<String> absentOptional = sources.stream()
                    .filter(source -> policy.isOptional(source) && !presented(source))
                    .toList();
            if (absentOptional.isEmpty()) {
                return false;
            }
            add(id, NOT_APPLICABLE, "optional source " + absentOptional + " presented no evidence", sources);
            return true;
        }

        /** A fact's value; a missing or empty value is absent, so it can satisfy no rule. */
        private Optional<String> value(FactReference fact) {
            Optional<String> value = fact.isAgentContext()
                    ? Optional.ofNullable(agentContext.get(fact.toString()))
                    : Optional.ofNullable(bySource.get(fact.source()))
                            .map(item -> item.facts().get(fact.name()));
            return value.filter(v -> !v.isEmpty());
        }

        private static String single(SameRule rule, Optional<String> left, Optional<String> right) {
            return rule.left().isList() ? right.orElseThrow() : left.orElseThrow();
        }

        private static String quoted(String value) {
            return "'" + PolicyValues.printable(value) + "'";
        }

        private void add(String id, RuleResult.Outcome outcome, String detail, List<String> sources) {
            results.add(new RuleResult(id, outcome, detail, sources));
        }
    }
}
