package dev.agentgrant.keycloak.attestation.policy;

import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.INSTANCE_KEY;
import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.NOW;
import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.OTHER_KEY;
import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.RUNNER;
import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.SPIFFE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.policy.RuleResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each policy rule's pass and fail (docs/attestation.md, "Policies"), and the explain output. */
class PolicyEvaluatorTest {

    private static final List<String> ALLOWED = List.of();

    /**
     * @param failed the ids of every rule that must fail, in evaluation order; empty for an allow
     */
    record Case(String name, Consumer<PolicyInputs> bend, List<String> failed) {
        @Override
        public String toString() {
            return name + (failed.isEmpty() ? " → allow" : " → deny " + failed);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("every rule satisfied", in -> {}, ALLOWED),

                // require / any_of
                new Case(
                        "spire presented nothing",
                        in -> in.remove("spire"),
                        List.of("require[spire]", "facts[0]", "max_age[spire]", "same[1]", "key_binding")),
                new Case(
                        "build presented nothing",
                        in -> in.remove("build"),
                        List.of("require[build]", "facts[2]", "max_age[build]", "same[0]")),
                new Case(
                        "runtime presented nothing",
                        in -> in.remove("runtime"),
                        List.of("require[runtime]", "same[0]")),
                new Case("neither k8s nor gha presented", in -> in.remove("k8s"), List.of("any_of[0]")),
                new Case(
                        "gha instead of k8s, with the expected repository",
                        in -> {
                            in.remove("k8s");
                            in.add("gha", NOW).fact("repository", "acme/agent");
                        },
                        ALLOWED),
                new Case(
                        "two sources from one source alias",
                        in -> in.add("spire", NOW).fact("spiffe_id", SPIFFE_ID),
                        List.of("one_per_source")),

                // facts: equals
                new Case(
                        "another SPIFFE ID",
                        in -> in.item("spire").fact("spiffe_id", SPIFFE_ID.replace("demo", "other")),
                        List.of("facts[0]", "same[1]")),
                new Case(
                        "SPIFFE ID differing in case",
                        in -> in.item("spire").fact("spiffe_id", SPIFFE_ID.toUpperCase()),
                        List.of("facts[0]", "same[1]")),
                new Case(
                        "spiffe_id fact absent",
                        in -> in.item("spire").facts.remove("spiffe_id"),
                        List.of("facts[0]", "same[1]")),
                new Case(
                        "gha instead of k8s, another repository",
                        in -> {
                            in.remove("k8s");
                            in.add("gha", NOW).fact("repository", "acme/agent-fork");
                        },
                        List.of("facts[3]")),
                new Case(
                        "gha instead of k8s, without a repository",
                        in -> {
                            in.remove("k8s");
                            in.add("gha", NOW).fact("ref", "refs/heads/main");
                        },
                        List.of("facts[3]")),
                new Case(
                        "both alternatives, gha with another repository",
                        in -> in.add("gha", NOW).fact("repository", "evil/agent"),
                        List.of("facts[3]")),

                // facts: one_of
                new Case(
                        "namespace the second allowed one",
                        in -> in.item("k8s").fact("namespace", "agents-canary"),
                        ALLOWED),
                new Case(
                        "namespace not allowed",
                        in -> in.item("k8s").fact("namespace", "default"),
                        List.of("facts[1]")),
                new Case(
                        "namespace differing in case",
                        in -> in.item("k8s").fact("namespace", "Agents"),
                        List.of("facts[1]")),
                new Case(
                        "namespace with a trailing space",
                        in -> in.item("k8s").fact("namespace", "agents "),
                        List.of("facts[1]")),
                new Case("namespace empty", in -> in.item("k8s").fact("namespace", ""), List.of("facts[1]")),
                new Case("namespace absent", in -> in.item("k8s").facts.clear(), List.of("facts[1]")),
                new Case(
                        "both alternatives, k8s in another namespace",
                        in -> {
                            in.item("k8s").fact("namespace", "default");
                            in.add("gha", NOW).fact("repository", "acme/agent");
                        },
                        List.of("facts[1]")),
                new Case(
                        "a dotted fact name, absent",
                        in -> in.policy("\"fact\": \"k8s.namespace\"", "\"fact\": \"k8s.labels.team\""),
                        List.of("facts[1]")),
                new Case(
                        "a dotted fact name, present",
                        in -> {
                            in.policy("\"fact\": \"k8s.namespace\"", "\"fact\": \"k8s.labels.team\"");
                            in.item("k8s").fact("labels.team", "agents");
                        },
                        ALLOWED),

                // facts: glob
                new Case(
                        "builder deeper under the runner prefix",
                        in -> in.item("build").fact("builder_id", RUNNER + "/v2"),
                        ALLOWED),
                new Case(
                        "builder is the prefix without its slash",
                        in -> in.item("build").fact("builder_id", "https://github.com/actions/runner"),
                        List.of("facts[2]")),
                new Case(
                        "builder on a look-alike path",
                        in -> in.item("build").fact("builder_id", "https://github.com/actions/runner-evil/x"),
                        List.of("facts[2]")),
                new Case(
                        "builder on another host",
                        in -> in.item("build")
                                .fact("builder_id", "https://evil.example/https://github.com/actions/runner/x"),
                        List.of("facts[2]")),

                // max_age
                new Case(
                        "build exactly at max age plus skew",
                        in -> in.item("build").issuedAt =
                                NOW.minus(Duration.ofDays(30)).minusSeconds(15),
                        ALLOWED),
                new Case(
                        "build one second past max age plus skew",
                        in -> in.item("build").issuedAt =
                                NOW.minus(Duration.ofDays(30)).minusSeconds(16),
                        List.of("max_age[build]")),
                new Case(
                        "build not saying when it was issued",
                        in -> in.item("build").issuedAt = null,
                        List.of("max_age[build]")),
                new Case(
                        "spire issued within the skew in the future",
                        in -> in.item("spire").issuedAt = NOW.plusSeconds(15),
                        ALLOWED),
                new Case(
                        "spire issued beyond the skew in the future",
                        in -> in.item("spire").issuedAt = NOW.plusSeconds(16),
                        List.of("max_age[spire]")),
                new Case(
                        "spire older than ten minutes",
                        in -> in.item("spire").issuedAt = NOW.minusSeconds(616),
                        List.of("max_age[spire]")),
                new Case("k8s without issue time, no max_age for it", in -> in.item("k8s").issuedAt = null, ALLOWED),
                new Case(
                        "max_age of an optional source in use, too old",
                        in -> {
                            in.policy("\"spire\": \"PT10M\"}", "\"spire\": \"PT10M\", \"k8s\": \"PT1M\"}");
                            in.item("k8s").issuedAt = NOW.minusSeconds(120);
                        },
                        List.of("max_age[k8s]")),
                new Case(
                        "max_age of an optional source not in use",
                        in -> {
                            in.policy("\"spire\": \"PT10M\"}", "\"spire\": \"PT10M\", \"k8s\": \"PT1M\"}");
                            in.remove("k8s");
                            in.add("gha", NOW).fact("repository", "acme/agent");
                        },
                        ALLOWED),

                // same, with a list side
                new Case(
                        "runtime digest the first subject",
                        in -> in.item("runtime").fact("code_digest", "sha256:aaaa"),
                        ALLOWED),
                new Case(
                        "runtime digest not a subject",
                        in -> in.item("runtime").fact("code_digest", "sha256:cccc"),
                        List.of("same[0]")),
                new Case(
                        "runtime digest a prefix of a subject",
                        in -> in.item("runtime").fact("code_digest", "sha256:bbb"),
                        List.of("same[0]")),
                new Case(
                        "runtime digest differing in case",
                        in -> in.item("runtime").fact("code_digest", "SHA256:BBBB"),
                        List.of("same[0]")),
                new Case(
                        "runtime digest the whole subject list",
                        in -> in.item("runtime").fact("code_digest", "sha256:aaaa,sha256:bbbb"),
                        List.of("same[0]")),
                new Case("runtime digest absent", in -> in.item("runtime").facts.clear(), List.of("same[0]")),
                new Case("runtime digest empty", in -> in.item("runtime").fact("code_digest", ""), List.of("same[0]")),
                new Case(
                        "subjects with a space after the comma",
                        in -> in.item("build").fact("subject_digests", "sha256:aaaa, sha256:bbbb"),
                        List.of("same[0]")),
                new Case(
                        "empty list members are ignored",
                        in -> in.item("build").fact("subject_digests", ",sha256:bbbb,,"),
                        ALLOWED),
                new Case("a single subject", in -> in.item("build").fact("subject_digests", "sha256:bbbb"), ALLOWED),
                new Case("subjects absent", in -> in.item("build").facts.remove("subject_digests"), List.of("same[0]")),
                new Case("subjects empty", in -> in.item("build").fact("subject_digests", ""), List.of("same[0]")),
                new Case(
                        "list on the left side, member",
                        in -> in.policy(
                                "[\"runtime.code_digest\", \"build.subject_digests\"]",
                                "[\"build.subject_digests\", \"runtime.code_digest\"]"),
                        ALLOWED),
                new Case(
                        "list on the left side, not a member",
                        in -> {
                            in.policy(
                                    "[\"runtime.code_digest\", \"build.subject_digests\"]",
                                    "[\"build.subject_digests\", \"runtime.code_digest\"]");
                            in.item("runtime").fact("code_digest", "sha256:cccc");
                        },
                        List.of("same[0]")),
                new Case(
                        "a comma in a fact that is not a list is no list",
                        in -> {
                            in.policy("\"build.subject_digests\"]", "\"build.digest\"]");
                            in.item("build").fact("digest", "sha256:aaaa,sha256:bbbb");
                        },
                        List.of("same[0]")),
                new Case(
                        "a fact that is not a list compares whole",
                        in -> {
                            in.policy("\"build.subject_digests\"]", "\"build.digest\"]");
                            in.item("build").fact("digest", "sha256:bbbb");
                        },
                        ALLOWED),

                // same, against agent context
                new Case(
                        "agent has no registered SPIFFE ID",
                        in -> in.agent.remove(AgentContext.SPIFFE_ID),
                        List.of("same[1]")),
                new Case(
                        "agent's registered SPIFFE ID empty",
                        in -> in.agent.put(AgentContext.SPIFFE_ID, ""),
                        List.of("same[1]")),
                new Case(
                        "agent registered another SPIFFE ID",
                        in -> in.agent.put(AgentContext.SPIFFE_ID, SPIFFE_ID + "-2"),
                        List.of("same[1]")),

                // key_binding
                new Case("spire binds another key", in -> in.item("spire").cnf = OTHER_KEY, List.of("key_binding")),
                new Case("no evidence binds a key", in -> in.item("spire").cnf = null, List.of("key_binding")),
                new Case("build binds the instance key too", in -> in.item("build").cnf = INSTANCE_KEY, ALLOWED),
                new Case(
                        "a source the policy ignores binds another key",
                        in -> in.add("extra", NOW).cnf = OTHER_KEY,
                        List.of("key_binding")),
                new Case(
                        "only a source the policy ignores binds the instance key",
                        in -> {
                            in.item("spire").cnf = null;
                            in.add("extra", NOW).cnf = INSTANCE_KEY;
                        },
                        List.of("key_binding")),
                new Case("instance key unknown", in -> in.instanceKey = null, List.of("key_binding")),
                new Case(
                        "if_present without any bound key",
                        in -> {
                            in.policy("\"required\"", "\"if_present\"");
                            in.item("spire").cnf = null;
                        },
                        ALLOWED),
                new Case(
                        "if_present, spire binds another key",
                        in -> {
                            in.policy("\"required\"", "\"if_present\"");
                            in.item("spire").cnf = OTHER_KEY;
                        },
                        List.of("key_binding")),
                new Case(
                        "key binding off, spire binds another key",
                        in -> {
                            in.policy("\"required\"", "\"off\"");
                            in.item("spire").cnf = OTHER_KEY;
                        },
                        ALLOWED),

                // what the policy does not mention
                new Case(
                        "extra evidence from a source the policy ignores",
                        in -> in.add("extra", null).fact("anything", "at all"),
                        ALLOWED),
                new Case("extra facts", in -> in.item("spire").fact("trust_domain", "example.org"), ALLOWED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        PolicyInputs inputs = PolicyInputs.valid();
        c.bend().accept(inputs);

        PolicyDecision decision = inputs.evaluate();

        assertThat(decision.results().stream().filter(RuleResult::failed).map(RuleResult::ruleId))
                .as("%s: %s", c.name(), decision.results())
                .containsExactlyElementsOf(c.failed());
        assertThat(decision.allowed()).isEqualTo(c.failed().isEmpty());
        assertThat(decision.firstFailure().map(RuleResult::ruleId))
                .isEqualTo(c.failed().stream().findFirst());
    }

    @Test
    void anAllowExplainsEveryRuleInEvaluationOrder() {
        PolicyInputs inputs = PolicyInputs.valid();

        PolicyDecision decision = inputs.evaluate();

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.results())
                .extracting(RuleResult::ruleId)
                .containsExactly(
                        "one_per_source",
                        "require[spire]",
                        "require[build]",
                        "require[runtime]",
                        "any_of[0]",
                        "facts[0]",
                        "facts[1]",
                        "facts[2]",
                        "facts[3]",
                        "max_age[build]",
                        "max_age[spire]",
                        "same[0]",
                        "same[1]",
                        "key_binding");
        assertThat(decision.results())
                .filteredOn(r -> r.outcome() == Outcome.NOT_APPLICABLE)
                .extracting(RuleResult::ruleId)
                .containsExactly("facts[3]");
        assertThat(decision.passedSources()).containsExactly("spire", "build", "runtime", "k8s");
        assertThat(decision.firstFailure()).isEmpty();
        assertThat(decision.genericReason()).isEmpty();
        assertThat(decision.evaluatedAt()).isEqualTo(NOW);
        assertThat(decision.policyVersionHash()).isEqualTo(parse(inputs.policy).versionHash());
        assertThat(decision.results().get(11).detail()).contains("sha256:bbbb");
    }

    @Test
    void aDenyTellsAdminsWhatWasSeenAndClientsNothing() {
        PolicyInputs inputs = PolicyInputs.valid();
        inputs.item("k8s").fact("namespace", "payments-prod");

        PolicyDecision decision = inputs.evaluate();

        assertThat(decision.allowed()).isFalse();
        RuleResult failure = decision.firstFailure().orElseThrow();
        assertThat(failure.ruleId()).isEqualTo("facts[1]");
        assertThat(failure.detail()).contains("k8s.namespace", "'payments-prod'", "agents-canary");
        assertThat(failure.sources()).containsExactly("k8s");
        assertThat(decision.genericReason()).contains(PolicyDecision.GENERIC_DENIAL);
        assertThat(decision.genericReason().orElseThrow()).doesNotContain("payments", "k8s", "namespace", "facts");
        assertThat(decision.passedSources()).containsExactly("spire", "build", "runtime");
    }

    @Test
    void everyRuleIsEvaluatedAfterTheFirstFailure() {
        PolicyInputs inputs = PolicyInputs.valid();
        inputs.remove("spire");
        inputs.item("k8s").fact("namespace", "default");

        PolicyDecision decision = inputs.evaluate();

        assertThat(decision.results()).hasSize(14);
        assertThat(decision.firstFailure().map(RuleResult::ruleId)).contains("require[spire]");
        assertThat(decision.results())
                .filteredOn(RuleResult::failed)
                .extracting(RuleResult::ruleId)
                .contains("facts[1]", "key_binding");
    }

    @Test
    void factsAreLookedUpBySourceNotByTheirPrintedName() {
        PolicyInputs inputs = new PolicyInputs();
        inputs.policy = "{\"require\": [\"build\"], \"facts\": [{\"fact\": \"build.x.y\", \"equals\": \"good\"}]}";
        inputs.add("build", NOW);
        // Printed namespaced, this item's fact is "build.x.y" as well; it belongs to another source all the same.
        inputs.add("build.x", NOW).fact("y", "good");
        assertThat(inputs.evidence.get(1).verified().namespacedFacts()).containsKey("build.x.y");

        PolicyDecision decision = inputs.evaluate();

        assertThat(decision.firstFailure().map(RuleResult::ruleId)).contains("facts[0]");
        inputs.item("build").fact("x.y", "good");
        assertThat(inputs.evaluate().allowed()).isTrue();
    }

    @Test
    void aRuleAboutAnOptionalSourceDoesNotApplyUntilItIsUsed() {
        PolicyInputs inputs = PolicyInputs.valid();
        inputs.policy(
                "[\"spire.spiffe_id\", \"agent.spiffe_id\"]",
                "[\"spire.spiffe_id\", \"agent.spiffe_id\"], [\"gha.repository\", \"k8s.repository\"]");
        inputs.remove("k8s");
        inputs.add("gha", NOW).fact("repository", "acme/agent");

        PolicyDecision decision = inputs.evaluate();

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.results())
                .filteredOn(r -> r.ruleId().equals("same[2]"))
                .singleElement()
                .extracting(RuleResult::outcome)
                .isEqualTo(Outcome.NOT_APPLICABLE);
        inputs.add("k8s", NOW).fact("namespace", "agents").fact("repository", "acme/other");
        assertThat(inputs.evaluate().firstFailure().map(RuleResult::ruleId)).contains("same[2]");
    }

    @Test
    void evidenceWithoutASourceAliasSatisfiesNothing() {
        PolicyInputs inputs = PolicyInputs.valid();
        inputs.remove("runtime");
        PolicyDecision decision = new PolicyEvaluator(Clock.fixed(NOW, ZoneOffset.UTC))
                .evaluate(
                        parse(inputs.policy),
                        Stream.concat(
                                        inputs.evidence.stream().map(PolicyInputs.Item::verified),
                                        Stream.of(new VerifiedEvidence(
                                                null,
                                                Map.of("code_digest", "sha256:bbbb"),
                                                Optional.of(NOW),
                                                Optional.empty(),
                                                Optional.of(OTHER_KEY))))
                                .toList(),
                        INSTANCE_KEY,
                        null);

        assertThat(decision.results())
                .filteredOn(RuleResult::failed)
                .extracting(RuleResult::ruleId)
                .containsExactly("require[runtime]", "same[0]", "same[1]", "key_binding");
    }

    private static AttestationPolicy parse(String json) {
        try {
            return AttestationPolicy.parse(json);
        } catch (PolicyProblems e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }
}
