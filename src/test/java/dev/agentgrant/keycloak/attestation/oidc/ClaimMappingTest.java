package dev.agentgrant.keycloak.attestation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {

    @Test
    void aValidMappingKeepsTheConfiguredOrder() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("workflow", "workflow");
        configured.put("repository", "repository");
        configured.put("project_id", "google.compute_engine.project_id");
        configured.put("a", "a");

        ClaimMapping mapping = ClaimMapping.parse(configured);

        assertThat(mapping.paths())
                .containsExactly(
                        Map.entry("workflow", "workflow"), Map.entry("repository", "repository"),
                        Map.entry("project_id", "google.compute_engine.project_id"), Map.entry("a", "a"));
        assertThat(ClaimMapping.problems(configured)).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("Repository", "repository");
        configured.put("1st", "first");
        configured.put("f".repeat(65), "long_name");
        configured.put("subject", "sub");
        configured.put("ref", "");
        configured.put("sha", "s".repeat(257));
        configured.put("leading", ".a");
        configured.put("trailing", "a.");
        configured.put("double_dot", "a..b");
        configured.put("no_path", null);
        configured.put("fine", "fine");

        List<String> problems = ClaimMapping.problems(configured);

        assertThat(problems).hasSize(10);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("'Repository'"))
                .anySatisfy(p -> assertThat(p).contains("'1st'"))
                .anySatisfy(p -> assertThat(p).contains("'" + "f".repeat(65) + "'"))
                .anySatisfy(p -> assertThat(p).contains("'subject' is reserved"))
                .anySatisfy(p -> assertThat(p).contains("'ref' is empty"))
                .anySatisfy(p -> assertThat(p).contains("'sha' is longer than 256"))
                .anySatisfy(p -> assertThat(p).contains("'.a'"))
                .anySatisfy(p -> assertThat(p).contains("'a.'"))
                .anySatisfy(p -> assertThat(p).contains("'a..b'"))
                .anySatisfy(p -> assertThat(p).contains("'no_path' is empty"))
                .noneSatisfy(p -> assertThat(p).contains("fine"));
        assertThatThrownBy(() -> ClaimMapping.parse(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(String.join("; ", problems));
    }

    @Test
    void limitsAreInclusive() {
        Map<String, String> configured = new HashMap<>();
        configured.put("f" + "x".repeat(63), "p".repeat(256));
        for (int i = 1; i < ClaimMapping.MAX_ENTRIES; i++) {
            configured.put("fact_" + i, "claim_" + i);
        }
        assertThat(ClaimMapping.problems(configured)).isEmpty();

        configured.put("one_too_many", "claim");
        assertThat(ClaimMapping.problems(configured))
                .containsExactly("The claim mapping has 65 entries, at most 64 are allowed");
    }

    @Test
    void aMissingMappingAndANullFactNameAreProblems() {
        assertThat(ClaimMapping.problems(null)).containsExactly("The claim mapping is missing");
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "sub");
        assertThat(ClaimMapping.problems(nullName)).containsExactly("Fact name 'null' must match [a-z][a-z0-9_]{0,63}");
    }

    @Test
    void lookupFindsTopLevelNestedAndDottedClaimNames() {
        Map<String, Object> payload = Map.of(
                "repository",
                "acme/agent",
                "google",
                Map.of("compute_engine", Map.of("project_id", "acme-prod")),
                "kubernetes.io",
                Map.of("namespace", "agents", "serviceaccount", Map.of("name", "demo")),
                "https://example.com/claims.tier",
                "gold");

        assertThat(ClaimMapping.lookup(payload, "repository")).isEqualTo("acme/agent");
        assertThat(ClaimMapping.lookup(payload, "google.compute_engine.project_id"))
                .isEqualTo("acme-prod");
        assertThat(ClaimMapping.lookup(payload, "kubernetes.io.namespace")).isEqualTo("agents");
        assertThat(ClaimMapping.lookup(payload, "kubernetes.io.serviceaccount.name"))
                .isEqualTo("demo");
        assertThat(ClaimMapping.lookup(payload, "https://example.com/claims.tier"))
                .isEqualTo("gold");
        assertThat(ClaimMapping.lookup(payload, "google.compute_engine")).isEqualTo(Map.of("project_id", "acme-prod"));
        assertThat(ClaimMapping.lookup(payload, "google.compute_engine.zone")).isNull();
        assertThat(ClaimMapping.lookup(payload, "repository.name")).isNull();
        assertThat(ClaimMapping.lookup(payload, "kubernetes")).isNull();
    }

    @Test
    void theLiteralClaimNameWinsOverANestedPathThenTheLongestPrefix() {
        Map<String, Object> both = Map.of("a.b", "literal", "a", Map.of("b", "nested"));
        Map<String, Object> prefixes = Map.of("a.b", Map.of("c", "longest"), "a", Map.of("b.c", "shorter"));
        Map<String, Object> backtrack = Map.of("a.b", Map.of("x", 1), "a", Map.of("b", Map.of("c", "found")));

        assertThat(ClaimMapping.lookup(both, "a.b")).isEqualTo("literal");
        assertThat(ClaimMapping.lookup(prefixes, "a.b.c")).isEqualTo("longest");
        assertThat(ClaimMapping.lookup(backtrack, "a.b.c")).isEqualTo("found");
    }

    @Test
    void lookupOfALongPathOverADeepPayloadTerminates() {
        // 128 segments over 128 nested objects, each also shadowed by a dotted sibling that leads nowhere.
        Map<String, Object> payload = Map.of("x", "leaf");
        for (int i = 0; i < 127; i++) {
            payload = Map.of("a", payload, "a.a", Map.of("z", 0));
        }
        String path = "a.".repeat(127) + "x";

        assertThat(ClaimMapping.lookup(payload, path)).isEqualTo("leaf");
    }
}
