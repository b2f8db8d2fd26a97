package dev.agentgrant.keycloak.attestation.policy;

import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.INSTANCE_KEY;
import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.NOW;
import static dev.agentgrant.keycloak.attestation.policy.PolicyInputs.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/attestation.md, "Policies", monotonic: extra evidence from sources the policy does not name, extra facts and extra subjects never
 * turn a deny into an allow. Every denying case of {@link PolicyEvaluatorTest} is augmented at random, many times;
 * the decision must stay a deny and every rule that failed must still fail.
 */
class PolicyMonotonicityTest {

    private static final int ROUNDS = 150;

    /** Something added to the inputs that the policy did not ask for. */
    interface Addition {
        void apply(PolicyInputs inputs, Random random, Set<String> referenced);
    }

    /** Additions a satisfied policy tolerates: they must not deny by themselves, or the property would be hollow. */
    static final List<Addition> NEUTRAL = List.of(
            PolicyMonotonicityTest::evidenceFromAnIgnoredSource,
            PolicyMonotonicityTest::evidenceFromAnIgnoredSourceThatPrintsLikeAPolicyFact,
            PolicyMonotonicityTest::unreferencedFacts,
            PolicyMonotonicityTest::extraSubjects);

    /** Additions that may deny on their own: a foreign bound key, a second item for a policy source. */
    static final List<Addition> ALL = Stream.concat(
                    NEUTRAL.stream(),
                    Stream.<Addition>of(
                            (in, random, referenced) ->
                                    in.add("foreign-" + random.nextInt(1_000_000), NOW).cnf = OTHER_KEY,
                            (in, random, referenced) -> copyOfAPolicySource(in, random)))
            .toList();

    static Stream<PolicyEvaluatorTest.Case> denials() {
        return PolicyEvaluatorTest.cases().filter(c -> !c.failed().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denials")
    void additionsNeverTurnADenyIntoAnAllow(PolicyEvaluatorTest.Case c) {
        Random random = new Random(c.name().hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            PolicyInputs inputs = PolicyInputs.valid();
            c.bend().accept(inputs);
            Set<String> failedBefore = failed(inputs.evaluate());
            assertThat(failedBefore).as(c.name()).isNotEmpty();

            List<String> applied = addAtRandom(inputs, random, ALL);
            PolicyDecision after = inputs.evaluate();

            // Checked by hand so the long failure message is built only on failure.
            if (after.allowed() || !failed(after).containsAll(failedBefore)) {
                fail(c.name() + " failed " + failedBefore + " before " + applied + ", then: " + after.results());
            }
        }
    }

    @Test
    void theNeutralAdditionsLeaveAnAllowAnAllow() {
        Random random = new Random(37);
        for (int round = 0; round < ROUNDS; round++) {
            PolicyInputs inputs = PolicyInputs.valid();
            List<String> applied = addAtRandom(inputs, random, NEUTRAL);

            PolicyDecision decision = inputs.evaluate();

            if (!decision.allowed()) {
                fail("denied after " + applied + ": " + decision.results());
            }
        }
    }

    /** One to four additions; returns what was added, for the failure message. */
    private static List<String> addAtRandom(PolicyInputs inputs, Random random, List<Addition> additions) {
        Set<String> referenced = referencedFacts(inputs.policy);
        List<String> applied = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(additions.size());
            additions.get(pick).apply(inputs, random, referenced);
            applied.add("addition " + pick);
        }
        return applied;
    }

    /**
     * Evidence from a source the policy does not name, carrying every fact the policy asks about with the value it
     * wants, fresh, and bound to the instance key or to none — including the alias {@code agent}, whose facts print
     * like agent context values.
     */
    private static void evidenceFromAnIgnoredSource(PolicyInputs in, Random random, Set<String> referenced) {
        String source = List.of("extra", "agent", "k8s-2", "spire2").get(random.nextInt(4));
        if (in.evidence.stream().anyMatch(i -> i.source.equals(source))) {
            // One item per source (the wire contract); a second one is the addition copyOfAPolicySource tests.
            return;
        }
        PolicyInputs.Item item = in.add(source, NOW);
        goodFacts(item);
        item.fact("client_id", "demo-agent");
        item.cnf = random.nextBoolean() ? INSTANCE_KEY : null;
    }

    /**
     * Source {@code k8s.labels} with fact {@code team} prints as {@code k8s.labels.team}, the name of a policy fact
     * of source {@code k8s}; it must not answer for {@code k8s}. Sources {@code <policy source>.shadow-N} carry the
     * wanted facts under the same fact names.
     */
    private static void evidenceFromAnIgnoredSourceThatPrintsLikeAPolicyFact(
            PolicyInputs in, Random random, Set<String> referenced) {
        for (String fact : referenced) {
            int dot = fact.indexOf('.');
            int last = fact.lastIndexOf('.');
            String printsAlike = fact.substring(0, last);
            if (last > dot && in.evidence.stream().noneMatch(i -> i.source.equals(printsAlike))) {
                in.add(printsAlike, NOW).fact(fact.substring(last + 1), goodValue(fact));
            }
            in.add(fact.substring(0, dot) + ".shadow-" + random.nextInt(1_000_000), NOW)
                    .fact(fact.substring(dot + 1), goodValue(fact));
        }
    }

    private static void unreferencedFacts(PolicyInputs in, Random random, Set<String> referenced) {
        if (in.evidence.isEmpty()) {
            return;
        }
        PolicyInputs.Item item = in.evidence.get(random.nextInt(in.evidence.size()));
        for (String name : List.of(
                "namespace", "spiffe_id", "builder_id", "repository", "code_digest", "extra_" + random.nextInt(9))) {
            if (!referenced.contains(item.source + "." + name) && !item.facts.containsKey(name)) {
                item.fact(name, goodValue("any." + name));
            }
        }
    }

    /** More subjects in the provenance, none of them the runtime's digest. */
    private static void extraSubjects(PolicyInputs in, Random random, Set<String> referenced) {
        in.evidence.stream().filter(i -> i.source.equals("build")).forEach(build -> {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            String extra = "sha256:" + HexFormat.of().formatHex(digest);
            String subjects = build.facts.get("subject_digests");
            build.fact(
                    "subject_digests",
                    subjects == null || subjects.isEmpty()
                            ? extra
                            : random.nextBoolean() ? subjects + "," + extra : extra + "," + subjects);
        });
    }

    /**
     * A second item for a policy source that already presented one, with the values the policy wants. (Evidence
     * from a policy source that presented none is not an addition the policy did not ask for: it is the evidence.)
     */
    private static void copyOfAPolicySource(PolicyInputs in, Random random) {
        List<String> present = in.evidence.stream()
                .map(i -> i.source)
                .filter(List.of("spire", "build", "runtime", "k8s", "gha")::contains)
                .distinct()
                .toList();
        if (present.isEmpty()) {
            return;
        }
        PolicyInputs.Item item = in.add(present.get(random.nextInt(present.size())), NOW);
        goodFacts(item);
        item.cnf = INSTANCE_KEY;
    }

    private static void goodFacts(PolicyInputs.Item item) {
        for (String name :
                List.of("spiffe_id", "namespace", "builder_id", "subject_digests", "code_digest", "repository")) {
            item.fact(name, goodValue("any." + name));
        }
    }

    /** The value the test policy wants for a fact of that name. */
    private static String goodValue(String fact) {
        return switch (fact.substring(fact.lastIndexOf('.') + 1)) {
            case "spiffe_id" -> PolicyInputs.SPIFFE_ID;
            case "namespace" -> "agents";
            case "builder_id" -> PolicyInputs.RUNNER;
            case "subject_digests", "code_digest" -> "sha256:bbbb";
            case "repository" -> "acme/agent";
            case "team" -> "agents";
            default -> "value";
        };
    }

    private static Set<String> referencedFacts(String json) {
        AttestationPolicy policy = PolicyInputs.parsed(json);
        Set<String> referenced = new HashSet<>();
        policy.facts().forEach(f -> referenced.add(f.fact().toString()));
        policy.same().forEach(s -> {
            referenced.add(s.left().toString());
            referenced.add(s.right().toString());
        });
        return referenced;
    }

    private static Set<String> failed(PolicyDecision decision) {
        Set<String> failed = new HashSet<>();
        decision.results().stream().filter(RuleResult::failed).forEach(r -> failed.add(r.ruleId()));
        return failed;
    }
}
