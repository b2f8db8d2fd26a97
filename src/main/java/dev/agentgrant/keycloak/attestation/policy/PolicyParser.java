package dev.agentgrant.keycloak.attestation.policy;

import dev.agentgrant.keycloak.support.WireContract;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the policy JSON of {@link AttestationPolicy} and collects every problem instead of stopping at the first
 * (only a text that is not JSON at all stops it early). One instance per parse.
 */
final class PolicyParser {

    private static final Set<String> MEMBERS = Set.of("require", "any_of", "facts", "max_age", "same", "key_binding");
    private static final Set<String> CONSTRAINT_OPERATORS = Set.of("equals", "one_of", "glob");

    /** The attestation source alias grammar of the wire contract (docs/wire-contract.md, presentation evidence). */
    /** Verifier fact names: short identifiers, possibly dotted or with a colon. */
    private static final Pattern FACT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

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

    private final List<String> problems = new ArrayList<>();

    AttestationPolicy parse(String json) throws PolicyProblems {
        JsonNode root = read(json);
        if (root == null) {
            throw new PolicyProblems(problems);
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                problems.add("unknown member '" + printable(name) + "' (known: require, any_of, facts, max_age, same, key_binding)");
            }
        });

        Optional<List<String>> required = sourceList(root.get("require"), "require");
        Optional<List<List<String>>> anyOf = groups(root.get("any_of"));
        if (namesNothing(root.get("require")) && namesNothing(root.get("any_of"))) {
            problems.add("the policy names no source: require or any_of must name at least one");
        }
        Set<String> sources = new LinkedHashSet<>(required.orElse(List.of()));
        anyOf.orElse(List.of()).forEach(sources::addAll);

        List<FactConstraint> facts = constraints(root.get("facts"), sources);
        Map<String, Duration> maxAge = maxAge(root.get("max_age"), sources);
        List<SameRule> same = sameRules(root.get("same"), sources);
        KeyBinding keyBinding = keyBinding(root.get("key_binding"));

        if (!problems.isEmpty()) {
            throw new PolicyProblems(problems);
        }
        return new AttestationPolicy(required.get(), anyOf.get(), facts, maxAge, same, keyBinding, CanonicalJson.of(root));
    }

    private JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            problems.add("the policy is empty");
            return null;
        }
        if (json.length() > AttestationPolicy.MAX_BYTES
                || json.getBytes(StandardCharsets.UTF_8).length > AttestationPolicy.MAX_BYTES) {
            problems.add("the policy is larger than " + AttestationPolicy.MAX_BYTES + " bytes");
            return null;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add("the policy is not valid JSON: " + printable(String.valueOf(e.getOriginalMessage())));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add("the policy must be a JSON object");
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
            problems.add(where + " must be an array of source aliases");
            return Optional.empty();
        }
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            Optional<String> alias = text(node.get(i), at);
            if (alias.isEmpty()) {
                continue;
            }
            if (!WireContract.SOURCE_ALIAS.matcher(alias.get()).matches()) {
                problems.add(at + ": '" + printable(alias.get()) + "' is not a source alias (lowercase letters, digits, '.', '_', '-')");
            } else if (alias.get().equals(AgentContext.NAMESPACE)) {
                problems.add(at + ": '" + AgentContext.NAMESPACE + "' is reserved for agent context values");
            } else if (sources.contains(alias.get())) {
                problems.add(at + ": '" + alias.get() + "' is named twice");
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
            problems.add("any_of must be an array of arrays of source aliases");
            return Optional.empty();
        }
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "any_of[" + i + "]";
            Optional<List<String>> group = sourceList(node.get(i), at);
            if (group.isPresent() && group.get().isEmpty()) {
                problems.add(at + " must name at least one source");
            } else {
                group.ifPresent(groups::add);
            }
        }
        return Optional.of(groups);
    }

    private List<FactConstraint> constraints(JsonNode node, Set<String> sources) {
        List<FactConstraint> constraints = new ArrayList<>();
        if (node == null) {
            return constraints;
        }
        if (!node.isArray()) {
            problems.add("facts must be an array of constraints");
            return constraints;
        }
        for (int i = 0; i < node.size(); i++) {
            constraint(node.get(i), "facts[" + i + "]", sources).ifPresent(constraints::add);
        }
        return constraints;
    }

    private Optional<FactConstraint> constraint(JsonNode node, String where, Set<String> sources) {
        if (!node.isObject()) {
            problems.add(where + " must be an object {\"fact\": …, <operator>: …}");
            return Optional.empty();
        }
        int before = problems.size();
        List<String> operators = new ArrayList<>();
        boolean unknown = false;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (CONSTRAINT_OPERATORS.contains(name)) {
                operators.add(name);
            } else if (!name.equals("fact")) {
                problems.add(where + ": unknown operator '" + printable(name) + "' (known: equals, one_of, glob)");
                unknown = true;
            }
        }
        if (operators.size() != 1 && !unknown) {
            problems.add(where + " needs exactly one operator of equals, one_of, glob");
        }
        Optional<FactReference> fact = node.has("fact")
                ? reference(node.get("fact"), where + ".fact", sources)
                : missing(where + ".fact");
        if (fact.isPresent() && fact.get().isList()) {
            problems.add(where + ": " + fact.get() + " is a list fact; compare it with a 'same' rule");
        }
        if (operators.size() != 1) {
            return Optional.empty();
        }
        String operator = operators.get(0);
        String at = where + "." + operator;
        List<String> values = new ArrayList<>();
        Glob glob = null;
        switch (operator) {
            case "equals" -> text(node.get(operator), at).ifPresent(values::add);
            case "one_of" -> values.addAll(distinctTexts(node.get(operator), at));
            default -> glob = text(node.get(operator), at).flatMap(pattern -> Glob.compile(pattern, at, problems)).orElse(null);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        FactConstraint.Operator kind = switch (operator) {
            case "equals" -> FactConstraint.Operator.EQUALS;
            case "one_of" -> FactConstraint.Operator.ONE_OF;
            default -> FactConstraint.Operator.GLOB;
        };
        return Optional.of(new FactConstraint(fact.orElseThrow(), kind, values, glob));
    }

    private List<String> distinctTexts(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            problems.add(where + " must be a non-empty array of strings");
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            text(node.get(i), at).ifPresent(value -> {
                if (values.contains(value)) {
                    problems.add(at + ": '" + printable(value) + "' is listed twice");
                } else {
                    values.add(value);
                }
            });
        }
        return values;
    }

    private Map<String, Duration> maxAge(JsonNode node, Set<String> sources) {
        Map<String, Duration> maxAge = new LinkedHashMap<>();
        if (node == null) {
            return maxAge;
        }
        if (!node.isObject()) {
            problems.add("max_age must be an object of source alias → ISO-8601 duration");
            return maxAge;
        }
        node.properties().forEach(entry -> {
            String source = entry.getKey();
            String at = "max_age." + printable(source);
            if (!sources.contains(source)) {
                problems.add(at + ": '" + printable(source) + "' is not a source of this policy (require or any_of)");
            }
            text(entry.getValue(), at).flatMap(text -> duration(text, at)).ifPresent(age -> maxAge.put(source, age));
        });
        return maxAge;
    }

    private Optional<Duration> duration(String text, String where) {
        Duration age;
        try {
            age = Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            problems.add(where + ": '" + printable(text) + "' is not an ISO-8601 duration such as PT10M or P30D");
            return Optional.empty();
        }
        if (age.isNegative() || age.isZero() || age.compareTo(AttestationPolicy.MAX_AGE_CEILING) > 0) {
            problems.add(where + ": " + text + " must be positive and at most P3650D");
            return Optional.empty();
        }
        return Optional.of(age);
    }

    private List<SameRule> sameRules(JsonNode node, Set<String> sources) {
        List<SameRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!node.isArray()) {
            problems.add("same must be an array of fact pairs");
            return rules;
        }
        for (int i = 0; i < node.size(); i++) {
            String where = "same[" + i + "]";
            JsonNode pair = node.get(i);
            if (!pair.isArray() || pair.size() != 2) {
                problems.add(where + " must be an array of exactly two fact names");
                continue;
            }
            Optional<FactReference> left = reference(pair.get(0), where + "[0]", sources);
            Optional<FactReference> right = reference(pair.get(1), where + "[1]", sources);
            if (left.isEmpty() || right.isEmpty()) {
                continue;
            }
            if (left.get().equals(right.get())) {
                problems.add(where + " compares " + left.get() + " with itself");
            } else if (left.get().isList() && right.get().isList()) {
                problems.add(where + " compares two list facts; at most one side may be a list");
            } else {
                rules.add(new SameRule(left.get(), right.get()));
            }
        }
        return rules;
    }

    private KeyBinding keyBinding(JsonNode node) {
        if (node == null) {
            return KeyBinding.IF_PRESENT;
        }
        Optional<KeyBinding> binding = text(node, "key_binding").flatMap(KeyBinding::byWireName);
        if (binding.isEmpty()) {
            problems.add("key_binding must be one of required, if_present, off");
            return KeyBinding.IF_PRESENT;
        }
        return binding.get();
    }

    /**
     * Resolves {@code <source>.<fact>} against the policy's sources and the agent namespace. Aliases may contain
     * dots, so every source that prefixes the name is a candidate; a name two candidates could claim is refused.
     */
    private Optional<FactReference> reference(JsonNode node, String where, Set<String> sources) {
        Optional<String> text = text(node, where);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String name = text.get();
        Set<String> namespaces = new LinkedHashSet<>(sources);
        namespaces.add(AgentContext.NAMESPACE);
        List<FactReference> candidates = new ArrayList<>();
        for (String namespace : namespaces) {
            if (name.startsWith(namespace + ".") && name.length() > namespace.length() + 1) {
                candidates.add(new FactReference(namespace, name.substring(namespace.length() + 1)));
            }
        }
        if (candidates.isEmpty()) {
            problems.add(where + ": '" + printable(name) + "' is not a fact of a source of this policy " + sources
                    + " nor an agent context value " + AgentContext.NAMES.stream().sorted().toList());
            return Optional.empty();
        }
        if (candidates.size() > 1) {
            problems.add(where + ": '" + printable(name) + "' could be a fact of any of the sources "
                    + candidates.stream().map(FactReference::source).toList());
            return Optional.empty();
        }
        FactReference reference = candidates.get(0);
        if (reference.isAgentContext() && !AgentContext.NAMES.contains(name)) {
            problems.add(where + ": '" + printable(name) + "' is not an agent context value "
                    + AgentContext.NAMES.stream().sorted().toList());
            return Optional.empty();
        }
        if (!FACT_NAME.matcher(reference.name()).matches()) {
            problems.add(where + ": '" + printable(reference.name()) + "' is not a fact name");
            return Optional.empty();
        }
        return Optional.of(reference);
    }

    private Optional<FactReference> missing(String where) {
        problems.add(where + " is required");
        return Optional.empty();
    }

    /**
     * A non-empty string without control characters or unpaired surrogates: such strings have no business in a
     * policy, and an unpaired surrogate would not survive the UTF-8 encoding the version hash is computed over.
     */
    private Optional<String> text(JsonNode node, String where) {
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            problems.add(where + " must be a non-empty string");
            return Optional.empty();
        }
        String value = node.textValue();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                problems.add(where + " must not contain control characters");
                return Optional.empty();
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(where + " holds an unpaired surrogate");
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    /** Admin input echoed in a problem: shortened, control characters replaced, so a problem is one log line. */
    static String printable(String value) {
        int limit = 120;
        String shortened = value.codePointCount(0, value.length()) > limit
                ? value.substring(0, value.offsetByCodePoints(0, limit)) + "…"
                : value;
        StringBuilder out = new StringBuilder(shortened.length());
        shortened.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
