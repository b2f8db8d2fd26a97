package dev.agentgrant.keycloak.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing fails closed at configuration time and reports every problem at once; the version hash is canonical. */
class AttestationPolicyTest {

    static final String FULL = """
            {
              "require": ["spire", "build", "runtime"],
              "any_of": [["k8s", "gha"]],
              "facts": [
                {"fact": "spire.spiffe_id", "equals": "spiffe://example.org/ns/agents/sa/demo"},
                {"fact": "k8s.namespace", "one_of": ["agents", "agents-canary"]},
                {"fact": "build.builder_id", "glob": "https://github.com/actions/runner/*"}
              ],
              "max_age": {"build": "P30D", "spire": "PT10M"},
              "same": [
                ["runtime.code_digest", "build.subject_digests"],
                ["spire.spiffe_id", "agent.spiffe_id"]
              ],
              "key_binding": "required"
            }
            """;

    @Test
    void aFullPolicyParses() throws PolicyProblems {
        AttestationPolicy policy = AttestationPolicy.parse(FULL);

        assertThat(policy.requiredSources()).containsExactly("spire", "build", "runtime");
        assertThat(policy.sources()).containsExactly("spire", "build", "runtime", "k8s", "gha");
        assertThat(policy.maxAge("build")).contains(Duration.ofDays(30));
        assertThat(policy.maxAge("k8s")).isEmpty();
        assertThat(policy.keyBinding()).isEqualTo(KeyBinding.REQUIRED);
        assertThat(policy.facts())
                .extracting(c -> c.fact().toString())
                .containsExactly("spire.spiffe_id", "k8s.namespace", "build.builder_id");
        assertThat(policy.same()).hasSize(2);
    }

    @Test
    void keyBindingDefaultsToIfPresent() throws PolicyProblems {
        assertThat(AttestationPolicy.parse("{\"require\": [\"spire\"]}").keyBinding())
                .isEqualTo(KeyBinding.IF_PRESENT);
    }

    @Test
    void sourceAliasesMayContainDotsAndFactsResolveAgainstThem() throws PolicyProblems {
        AttestationPolicy policy = AttestationPolicy.parse("""
                {"require": ["ci.build"], "facts": [{"fact": "ci.build.builder.id", "equals": "x"}]}""");

        assertThat(policy.facts().get(0).fact()).isEqualTo(new FactReference("ci.build", "builder.id"));
    }

    record Case(String name, String json, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalidPolicies() {
        return Stream.of(
                new Case("empty object", "{}", List.of("the policy names no source")),
                new Case(
                        "empty require and any_of",
                        "{\"require\": [], \"any_of\": []}",
                        List.of("the policy names no source")),
                new Case(
                        "unknown top-level member",
                        "{\"require\": [\"spire\"], \"requires\": [\"build\"]}",
                        List.of("unknown member 'requires'")),
                new Case("require not an array", "{\"require\": \"spire\"}", List.of("require must be an array")),
                new Case(
                        "require null",
                        "{\"require\": null, \"any_of\": [[\"a\"]]}",
                        List.of("require must be an array")),
                new Case(
                        "alias with uppercase",
                        "{\"require\": [\"Spire\"]}",
                        List.of("require[0]: 'Spire' is not a source alias")),
                new Case(
                        "reserved alias agent",
                        "{\"require\": [\"agent\"]}",
                        List.of("require[0]: 'agent' is reserved")),
                new Case(
                        "alias named twice",
                        "{\"require\": [\"spire\", \"spire\"]}",
                        List.of("require[1]: 'spire' is named twice")),
                new Case("alias a number", "{\"require\": [7]}", List.of("require[0] must be a non-empty string")),
                new Case(
                        "empty any_of group",
                        "{\"require\": [\"a\"], \"any_of\": [[]]}",
                        List.of("any_of[0] must name at least one source")),
                new Case("any_of of strings", "{\"any_of\": [\"a\"]}", List.of("any_of[0] must be an array")),
                new Case(
                        "unknown operator",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"regex\": \".*\"}]}",
                        List.of("facts[0]: unknown operator 'regex'")),
                new Case(
                        "no operator",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\"}]}",
                        List.of("facts[0] needs exactly one operator")),
                new Case(
                        "two operators",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"equals\": \"a\", \"glob\": \"a*\"}]}",
                        List.of("facts[0] needs exactly one operator")),
                new Case(
                        "fact of a source the policy does not name",
                        "{\"require\": [\"spire\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"equals\": \"agents\"}]}",
                        List.of("facts[0].fact: 'k8s.namespace' is not a fact of a source of this policy")),
                new Case(
                        "fact without a fact name",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.\", \"equals\": \"a\"}]}",
                        List.of("facts[0].fact: 'k8s.' is not a fact of a source")),
                new Case(
                        "constraint without fact",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"equals\": \"a\"}]}",
                        List.of("facts[0].fact is required")),
                new Case(
                        "constraint not an object",
                        "{\"require\": [\"k8s\"], \"facts\": [\"k8s.namespace\"]}",
                        List.of("facts[0] must be an object")),
                new Case(
                        "constraint on a list fact",
                        "{\"require\": [\"build\"], \"facts\": [{\"fact\": \"build.subject_digests\", \"equals\": \"sha256:a\"}]}",
                        List.of("facts[0]: build.subject_digests is a list fact")),
                new Case(
                        "unknown agent context value",
                        "{\"require\": [\"spire\"], \"same\": [[\"spire.spiffe_id\", \"agent.spiffeid\"]]}",
                        List.of("same[0][1]: 'agent.spiffeid' is not an agent context value")),
                new Case(
                        "equals empty",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"equals\": \"\"}]}",
                        List.of("facts[0].equals must be a non-empty string")),
                new Case(
                        "equals a number",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.uid\", \"equals\": 1000}]}",
                        List.of("facts[0].equals must be a non-empty string")),
                new Case(
                        "one_of empty",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"one_of\": []}]}",
                        List.of("facts[0].one_of must be a non-empty array")),
                new Case(
                        "one_of a string",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"one_of\": \"agents\"}]}",
                        List.of("facts[0].one_of must be a non-empty array")),
                new Case(
                        "one_of duplicate",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"one_of\": [\"a\", \"a\"]}]}",
                        List.of("facts[0].one_of[1]: 'a' is listed twice")),
                new Case(
                        "glob with a lone backslash",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"glob\": \"a\\\\\"}]}",
                        List.of("facts[0].glob: glob ends with a lone")),
                new Case(
                        "value with a control character",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"equals\": \"a\\u0000b\"}]}",
                        List.of("facts[0].equals must not contain control characters")),
                new Case(
                        "value with an unpaired surrogate",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"equals\": \"a\\ud800\"}]}",
                        List.of("facts[0].equals holds an unpaired surrogate")),
                new Case(
                        "max_age of a source the policy does not name",
                        "{\"require\": [\"spire\"], \"max_age\": {\"build\": \"P1D\"}}",
                        List.of("max_age.build: 'build' is not a source of this policy")),
                new Case(
                        "max_age in words",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": \"30 days\"}}",
                        List.of("max_age.build: '30 days' is not an ISO-8601 duration")),
                new Case(
                        "max_age in months",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": \"P1M\"}}",
                        List.of("is not an ISO-8601 duration")),
                new Case(
                        "max_age overflowing",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": \"PT99999999999999999999H\"}}",
                        List.of("is not an ISO-8601 duration")),
                new Case(
                        "max_age negative",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": \"-PT1M\"}}",
                        List.of("must be positive and at most P3650D")),
                new Case(
                        "max_age zero",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": \"PT0S\"}}",
                        List.of("must be positive and at most P3650D")),
                new Case(
                        "max_age beyond ten years",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": \"P3651D\"}}",
                        List.of("must be positive and at most P3650D")),
                new Case(
                        "max_age a number",
                        "{\"require\": [\"build\"], \"max_age\": {\"build\": 600}}",
                        List.of("max_age.build must be a non-empty string")),
                new Case(
                        "max_age an array",
                        "{\"require\": [\"build\"], \"max_age\": [\"P1D\"]}",
                        List.of("max_age must be an object")),
                new Case(
                        "same with three facts",
                        "{\"require\": [\"a\"], \"same\": [[\"a.x\", \"a.y\", \"a.z\"]]}",
                        List.of("same[0] must be an array of exactly two")),
                new Case(
                        "same comparing a fact with itself",
                        "{\"require\": [\"a\"], \"same\": [[\"a.x\", \"a.x\"]]}",
                        List.of("same[0] compares a.x with itself")),
                new Case(
                        "same comparing two lists",
                        "{\"require\": [\"a\", \"b\"], \"same\": [[\"a.subject_digests\", \"b.subject_digests\"]]}",
                        List.of("same[0] compares two list facts")),
                new Case(
                        "same naming a source the policy does not name",
                        "{\"require\": [\"a\"], \"same\": [[\"a.x\", \"b.x\"]]}",
                        List.of("same[0][1]: 'b.x' is not a fact of a source of this policy")),
                new Case(
                        "reference two sources could claim",
                        "{\"require\": [\"ci\", \"ci.build\"], \"facts\": [{\"fact\": \"ci.build.id\", \"equals\": \"x\"}]}",
                        List.of("facts[0].fact: 'ci.build.id' could be a fact of any of the sources [ci, ci.build]")),
                new Case(
                        "key_binding unknown",
                        "{\"require\": [\"a\"], \"key_binding\": \"always\"}",
                        List.of("key_binding must be one of required, if_present, off")),
                new Case(
                        "key_binding in capitals",
                        "{\"require\": [\"a\"], \"key_binding\": \"REQUIRED\"}",
                        List.of("key_binding must be one of")),
                new Case(
                        "every problem at once",
                        """
                        {
                          "require": ["spire", "Build"],
                          "facts": [
                            {"fact": "k8s.namespace", "equals": "agents"},
                            {"fact": "spire.spiffe_id", "matches": "spiffe://*"}
                          ],
                          "max_age": {"spire": "10 minutes"},
                          "same": [["spire.spiffe_id"]],
                          "key_binding": "maybe",
                          "explain": true
                        }""",
                        List.of(
                                "unknown member 'explain'",
                                "require[1]: 'Build' is not a source alias",
                                "facts[0].fact: 'k8s.namespace' is not a fact of a source of this policy",
                                "facts[1]: unknown operator 'matches'",
                                "max_age.spire: '10 minutes' is not an ISO-8601 duration",
                                "same[0] must be an array of exactly two fact names",
                                "key_binding must be one of")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void isRefusedWithEveryProblem(Case c) {
        PolicyProblems refused = catchThrowableOfType(PolicyProblems.class, () -> AttestationPolicy.parse(c.json()));

        assertThat(refused).as(c.name()).isNotNull();
        assertThat(refused.problems()).as(c.name()).hasSameSizeAs(c.problems());
        for (int i = 0; i < c.problems().size(); i++) {
            assertThat(refused.problems().get(i))
                    .as(c.name())
                    .contains(c.problems().get(i));
        }
    }

    static Stream<Case> unreadableTexts() {
        return Stream.of(
                new Case("null", null, List.of("the policy is empty")),
                new Case("blank", "  \n", List.of("the policy is empty")),
                new Case("not JSON", "require: spire", List.of("the policy is not valid JSON")),
                new Case("a JSON array", "[\"spire\"]", List.of("the policy must be a JSON object")),
                new Case("JSON null", "null", List.of("the policy must be a JSON object")),
                new Case("trailing garbage", "{\"require\": [\"spire\"]} {}", List.of("the policy is not valid JSON")),
                new Case("comments", "{\"require\": [\"spire\"] /* x */}", List.of("the policy is not valid JSON")),
                new Case(
                        "duplicate top-level member",
                        "{\"require\": [\"evil\"], \"require\": [\"spire\"]}",
                        List.of("the policy is not valid JSON: Duplicate field 'require'")),
                new Case(
                        "duplicate nested member",
                        "{\"require\": [\"k8s\"], \"facts\": [{\"fact\": \"k8s.namespace\", \"equals\": \"a\", \"equals\": \"b\"}]}",
                        List.of("the policy is not valid JSON: Duplicate field 'equals'")),
                new Case(
                        "nested deeper than the limit",
                        "{\"require\": [[[[[[[[[[\"a\"]]]]]]]]]]}",
                        List.of("the policy is not valid JSON")),
                new Case(
                        "10 000 nested arrays",
                        "{\"require\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}",
                        List.of("the policy is not valid JSON")),
                new Case(
                        "larger than 32 KiB",
                        "{\"require\": [\"spire\"], \"facts\": [{\"fact\": \"spire.x\", \"equals\": \""
                                + "a".repeat(AttestationPolicy.MAX_BYTES) + "\"}]}",
                        List.of("the policy is larger than 32768 bytes")),
                new Case(
                        "larger than 32 KiB in UTF-8 only",
                        "{\"require\": [\"spire\"], \"facts\": [{\"fact\": \"spire.x\", \"equals\": \""
                                + "é".repeat(AttestationPolicy.MAX_BYTES / 2) + "\"}]}",
                        List.of("the policy is larger than 32768 bytes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableTexts")
    void unreadableTextIsRefusedQuickly(Case c) {
        PolicyProblems refused = assertTimeoutPreemptively(
                Duration.ofSeconds(2),
                () -> catchThrowableOfType(PolicyProblems.class, () -> AttestationPolicy.parse(c.json())));

        assertThat(refused).as(c.name()).isNotNull();
        assertThat(refused.problems())
                .as(c.name())
                .singleElement()
                .asString()
                .contains(c.problems().get(0));
    }

    @Test
    void aPolicyJustUnderTheSizeLimitParses() throws PolicyProblems {
        String head = "{\"require\": [\"spire\"], \"facts\": [{\"fact\": \"spire.x\", \"equals\": \"";
        String tail = "\"}]}";
        String json = head + "a".repeat(AttestationPolicy.MAX_BYTES - head.length() - tail.length()) + tail;

        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(AttestationPolicy.MAX_BYTES);
        assertThat(AttestationPolicy.parse(json).facts()).hasSize(1);
    }

    @Test
    void theVersionHashIsSha256OfTheCanonicalJson() throws Exception {
        AttestationPolicy policy = AttestationPolicy.parse("""
                { "require" : ["spire"],
                  "facts": [ {"glob": "spiffe://example.org/*", "fact": "spire.spiffe_id"} ],
                  "any_of": [["k8s", "gha"]] }""");

        String canonical = "{\"any_of\":[[\"k8s\",\"gha\"]],\"facts\":[{\"fact\":\"spire.spiffe_id\","
                + "\"glob\":\"spiffe://example.org/*\"}],\"require\":[\"spire\"]}";
        assertThat(policy.canonicalJson()).isEqualTo(canonical);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(policy.versionHash())
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest))
                .hasSize(43)
                .matches("[A-Za-z0-9_-]+");
    }

    static Stream<List<String>> samePolicyWrittenDifferently() {
        return Stream.of(
                List.of(
                        FULL,
                        FULL.replace("\n", "").replace("  ", ""),
                        """
                        {"key_binding":"required","same":[["runtime.code_digest","build.subject_digests"],
                        ["spire.spiffe_id","agent.spiffe_id"]],"max_age":{"build":"P30D","spire":"PT10M"},
                        "facts":[{"equals":"spiffe://example.org/ns/agents/sa/demo","fact":"spire.spiffe_id"},
                        {"one_of":["agents","agents-canary"],"fact":"k8s.namespace"},
                        {"glob":"https://github.com/actions/runner/*","fact":"build.builder_id"}],
                        "any_of":[["k8s","gha"]],"require":["spire","build","runtime"]}""",
                        FULL.replace("\"spire\", \"build\"", "\"\\u0073pire\", \"build\"")),
                List.of(
                        "{\"require\":[\"a\"],\"facts\":[{\"fact\":\"a.x\",\"equals\":\"caf\u00e9 \\\" \\\\ /\"}]}",
                        "{ \"facts\" : [ { \"equals\" : \"caf\\u00E9 \\u0022 \\u005c \\/\", \"fact\" : \"a.x\" } ], \"require\" : [ \"a\" ] }"));
    }

    @ParameterizedTest
    @MethodSource("samePolicyWrittenDifferently")
    void memberOrderWhitespaceAndEscapesDoNotChangeTheHash(List<String> texts) throws PolicyProblems {
        String expected = AttestationPolicy.parse(texts.get(0)).versionHash();
        for (String text : texts) {
            assertThat(AttestationPolicy.parse(text).versionHash()).as(text).isEqualTo(expected);
        }
    }

    @Test
    void differentPoliciesHashDifferently() throws PolicyProblems {
        List<String> variants = List.of(
                FULL,
                FULL.replace("\"spire\", \"build\", \"runtime\"", "\"build\", \"spire\", \"runtime\""),
                FULL.replace("agents-canary", "agents-canary2"),
                FULL.replace("\"P30D\"", "\"P31D\""),
                FULL.replace("\"required\"", "\"if_present\""),
                FULL.replace(",\n  \"key_binding\": \"required\"", ""),
                FULL.replace("[\"k8s\", \"gha\"]", "[\"k8s\"], [\"gha\"]"));
        List<String> hashes = variants.stream()
                .map(text -> {
                    try {
                        return AttestationPolicy.parse(text).versionHash();
                    } catch (PolicyProblems e) {
                        throw new AssertionError(text, e);
                    }
                })
                .toList();

        assertThat(hashes).doesNotHaveDuplicates();
    }
}
