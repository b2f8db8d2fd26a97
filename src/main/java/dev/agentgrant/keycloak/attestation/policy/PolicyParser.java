package dev.agentgrant.keycloak.attestation.policy;

import static dev.agentgrant.keycloak.attestation.policy.PolicyValues.printable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentgrant.keycloak.support.WireContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the policy JSON of {@link AttestationPolicy} and collects every problem instead of stopping at the first
 * (only a text that is not JSON at all stops it early): the sources ({@code require}, {@code any_of}),
 * {@code max_age} and {@code key_binding} here, the rules about facts in {@link FactRuleParser}. One instance per
 * parse.
 */
final class PolicyParser {

    private static final Set<String> MEMBERS = Set.of("require", "any_of", "facts", "max_age", "same", "key_binding");

    /**
     * Duplicate member names are refused (RFC 8259 §4 leaves them undefined, and two readers could disagree on which
     * one counts); depth and string length are bounded (RFC 8259 §9); nothing may follow the object.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(AttestationPolicy.MAX_NESTING)
                            .maxStringLength(AttestationPolicy.MAX_BYTES)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final PolicyValues values = new PolicyValues();

    AttestationPolicy parse(String json) throws PolicyProblems {
        JsonNode root = read(json);
        if (root == null) {
            throw new PolicyProblems(values.problems());
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                values.problem("unknown member '" + printable(name)
                        + "' (known: require, any_of, facts, max_age, same, key_binding)");
            }
        });

        Optional<List<String>> required = sourceList(root.get("require"), "require");
        Optional<List<List<String>>> anyOf = groups(root.get("any_of"));
        if (namesNothing(root.get("require")) && namesNothing(root.get("any_of"))) {
            values.problem("the policy names no source: require or any_of must name at least one");
        }
        Set<String> sources = new LinkedHashSet<>(required.orElse(List.of()));
        anyOf.orElse(List.of()).forEach(sources::addAll);

        FactRuleParser factRules = new FactRuleParser(values, sources);
        List<FactConstraint> facts = factRules.constraints(root.get("facts"));
        Map<String, Duration> maxAge = maxAge(root.get("max_age"), sources);
        List<SameRule> same = factRules.sameRules(root.get("same"));
        KeyBinding keyBinding = keyBinding(root.get("key_binding"));

        if (!values.problems().isEmpty()) {
            throw new PolicyProblems(values.problems());
        }
        return new AttestationPolicy(
                required.get(), anyOf.get(), facts, maxAge, same, keyBinding, CanonicalJson.of(root));
    }

    private JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            values.problem("the policy is empty");
            return null;
        }
        if (json.length() > AttestationPolicy.MAX_BYTES
                || json.getBytes(StandardCharsets.UTF_8).length > AttestationPolicy.MAX_BYTES) {
            values.problem("the policy is larger than " + AttestationPolicy.MAX_BYTES + " bytes");
            return null;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            values.problem("the policy is not valid JSON: " + printable(String.valueOf(e.getOriginalMessage())));
            return null;
        }
        if (root == null || !root.isObject()) {
            values.problem("the policy must be a JSON object");
            return null;
        }
        return root;
    }

    /** An absent or empty list; a list of invalid entries is reported entry by entry instead. */
    private static boolean namesNothing(JsonNode node) {
        return node == null || node.isArray() && node.isEmpty();
    }

    /** Absent is empty; empty result means a type problem was reported. */
    private Optional<List<String>> sourceList(JsonNode node, String where) {
        if (node == null) {
            return Optional.of(List.of());
        }
        if (!node.isArray()) {
            values.problem(where + " must be an array of source aliases");
            return Optional.empty();
        }
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            Optional<String> alias = values.text(node.get(i), at);
            if (alias.isEmpty()) {
                continue;
            }
            if (!WireContract.SOURCE_ALIAS.matcher(alias.get()).matches()) {
                values.problem(at + ": '" + printable(alias.get())
                        + "' is not a source alias (lowercase letters, digits, '.', '_', '-')");
            } else if (alias.get().equals(AgentContext.NAMESPACE)) {
                values.problem(at + ": '" + AgentContext.NAMESPACE + "' is reserved for agent context values");
            } else if (sources.contains(alias.get())) {
                values.problem(at + ": '" + alias.get() + "' is named twice");
            } else {
                sources.add(alias.get());
            }
        }
        return Optional.of(sources);
    }

    private Optional<List<List<String>>> groups(JsonNode node) {
        if (node == null) {
            return Optional.of(List.of());
        }
        if (!node.isArray()) {
            values.problem("any_of must be an array of arrays of source aliases");
            return Optional.empty();
        }
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "any_of[" + i + "]";
            Optional<List<String>> group = sourceList(node.get(i), at);
            if (group.isPresent() && group.get().isEmpty()) {
                values.problem(at + " must name at least one source");
            } else {
                group.ifPresent(groups::add);
            }
        }
        return Optional.of(groups);
    }

    private Map<String, Duration> maxAge(JsonNode node, Set<String> sources) {
        Map<String, Duration> maxAge = new LinkedHashMap<>();
        if (node == null) {
            return maxAge;
        }
        if (!node.isObject()) {
            values.problem("max_age must be an object of source alias → ISO-8601 duration");
            return maxAge;
        }
        node.properties().forEach(entry -> {
            String source = entry.getKey();
            String at = "max_age." + printable(source);
            if (!sources.contains(source)) {
                values.problem(at + ": '" + printable(source) + "' is not a source of this policy (require or any_of)");
            }
            values.text(entry.getValue(), at)
                    .flatMap(text -> values.duration(text, at))
                    .ifPresent(age -> maxAge.put(source, age));
        });
        return maxAge;
    }

    private KeyBinding keyBinding(JsonNode node) {
        if (node == null) {
            return KeyBinding.IF_PRESENT;
        }
        Optional<KeyBinding> binding = values.text(node, "key_binding").flatMap(KeyBinding::byWireName);
        if (binding.isEmpty()) {
            values.problem("key_binding must be one of required, if_present, off");
            return KeyBinding.IF_PRESENT;
        }
        return binding.get();
    }
}
