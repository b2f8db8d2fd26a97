package dev.agentgrant.keycloak.attestation.policy;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A policy and the inputs of one evaluation that satisfy it, for tests to bend. */
final class PolicyInputs {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final String INSTANCE_KEY = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
    static final String OTHER_KEY = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    static final String SPIFFE_ID = "spiffe://example.org/ns/agents/sa/demo";
    static final String RUNNER = "https://github.com/actions/runner/github-hosted";

    static final String POLICY = """
            {
              "require": ["spire", "build", "runtime"],
              "any_of": [["k8s", "gha"]],
              "facts": [
                {"fact": "spire.spiffe_id", "equals": "spiffe://example.org/ns/agents/sa/demo"},
                {"fact": "k8s.namespace", "one_of": ["agents", "agents-canary"]},
                {"fact": "build.builder_id", "glob": "https://github.com/actions/runner/*"},
                {"fact": "gha.repository", "equals": "acme/agent"}
              ],
              "max_age": {"build": "P30D", "spire": "PT10M"},
              "same": [
                ["runtime.code_digest", "build.subject_digests"],
                ["spire.spiffe_id", "agent.spiffe_id"]
              ],
              "key_binding": "required"
            }
            """;

    /** One evidence item, mutable until evaluation. */
    static final class Item {
        final String source;
        final Map<String, String> facts = new LinkedHashMap<>();
        Instant issuedAt;
        String cnf;

        Item(String source, Instant issuedAt) {
            this.source = source;
            this.issuedAt = issuedAt;
        }

        Item fact(String name, String value) {
            facts.put(name, value);
            return this;
        }

        VerifiedEvidence verified() {
            return new VerifiedEvidence(
                    source,
                    facts,
                    Optional.ofNullable(issuedAt),
                    Optional.ofNullable(issuedAt).map(t -> t.plus(Duration.ofDays(365))),
                    Optional.ofNullable(cnf));
        }
    }

    private static final Map<String, AttestationPolicy> PARSED = new ConcurrentHashMap<>();

    String policy = POLICY;
    final List<Item> evidence = new ArrayList<>();
    String instanceKey = INSTANCE_KEY;
    final Map<String, String> agent = new LinkedHashMap<>(AgentContext.of("demo-agent", SPIFFE_ID));

    /** Inputs the policy allows. */
    static PolicyInputs valid() {
        PolicyInputs inputs = new PolicyInputs();
        inputs.add("spire", NOW.minusSeconds(60)).fact("spiffe_id", SPIFFE_ID).cnf = INSTANCE_KEY;
        inputs.add("build", NOW.minus(Duration.ofDays(10)))
                .fact("builder_id", RUNNER)
                .fact("subject_digests", "sha256:aaaa,sha256:bbbb");
        inputs.add("runtime", NOW.minusSeconds(5)).fact("code_digest", "sha256:bbbb");
        inputs.add("k8s", NOW.minusSeconds(30)).fact("namespace", "agents");
        return inputs;
    }

    Item add(String source, Instant issuedAt) {
        Item item = new Item(source, issuedAt);
        evidence.add(item);
        return item;
    }

    Item item(String source) {
        return evidence.stream()
                .filter(i -> i.source.equals(source))
                .findFirst()
                .orElseThrow();
    }

    void remove(String source) {
        evidence.removeIf(i -> i.source.equals(source));
    }

    void policy(String from, String to) {
        if (!policy.contains(from)) {
            throw new IllegalArgumentException("The policy holds no " + from);
        }
        policy = policy.replace(from, to);
    }

    PolicyDecision evaluate() {
        return new PolicyEvaluator(Clock.fixed(NOW, ZoneOffset.UTC))
                .evaluate(
                        parsed(policy), evidence.stream().map(Item::verified).toList(), instanceKey, Map.copyOf(agent));
    }

    /** Policies are immutable, so the property tests parse each text once. */
    static AttestationPolicy parsed(String json) {
        return PARSED.computeIfAbsent(json, text -> {
            try {
                return AttestationPolicy.parse(text);
            } catch (PolicyProblems e) {
                throw new AssertionError(e.problems().toString(), e);
            }
        });
    }
}
