package dev.agentgrant.keycloak.attestation.policy;

import static dev.agentgrant.keycloak.attestation.policy.PolicyValues.printable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the policy members that speak of facts — {@code facts} (constraints) and {@code same} (pairs) — resolving
 * every fact name against the policy's sources and the agent namespace, and recording every problem.
 */
final class FactRuleParser {

    private static final Set<String> CONSTRAINT_OPERATORS = Set.of("equals", "one_of", "glob");

    /** Verifier fact names: short identifiers, possibly dotted or with a colon. */
    private static final Pattern FACT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final PolicyValues values;
    private final Set<String> sources;

    /**
     * @param values where the policy's problems are recorded
     * @param sources the policy's sources (from {@code require} and {@code any_of}), which fact names may name
     */
    FactRuleParser(PolicyValues values, Set<String> sources) {
        this.values = values;
        this.sources = sources;
    }

    List<FactConstraint> constraints(JsonNode node) {
        List<FactConstraint> constraints = new ArrayList<>();
        if (node == null) {
            return constraints;
        }
        if (!node.isArray()) {
            values.problem("facts must be an array of constraints");
            return constraints;
        }
        for (int i = 0; i < node.size(); i++) {
            constraint(node.get(i), "facts[" + i + "]").ifPresent(constraints::add);
        }
        return constraints;
    }

    private Optional<FactConstraint> constraint(JsonNode node, String where) {
        if (!node.isObject()) {
            values.problem(where + " must be an object {\"fact\": …, <operator>: …}");
            return Optional.empty();
        }
        int before = values.problems().size();
        List<String> operators = new ArrayList<>();
        boolean unknown = false;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (CONSTRAINT_OPERATORS.contains(name)) {
                operators.add(name);
            } else if (!name.equals("fact")) {
                values.problem(where + ": unknown operator '" + printable(name) + "' (known: equals, one_of, glob)");
                unknown = true;
            }
        }
        if (operators.size() != 1 && !unknown) {
            values.problem(where + " needs exactly one operator of equals, one_of, glob");
        }
        Optional<FactReference> fact =
                node.has("fact") ? reference(node.get("fact"), where + ".fact") : missing(where + ".fact");
        if (fact.isPresent() && fact.get().isList()) {
            values.problem(where + ": " + fact.get() + " is a list fact; compare it with a 'same' rule");
        }
        if (operators.size() != 1) {
            return Optional.empty();
        }
        String operator = operators.get(0);
        String at = where + "." + operator;
        List<String> texts = new ArrayList<>();
        Glob glob = null;
        switch (operator) {
            case "equals" -> values.text(node.get(operator), at).ifPresent(texts::add);
            case "one_of" -> texts.addAll(values.distinctTexts(node.get(operator), at));
            default ->
                glob = values.text(node.get(operator), at)
                        .flatMap(pattern -> Glob.compile(pattern, at, values.problems()))
                        .orElse(null);
        }
        if (values.problems().size() > before) {
            return Optional.empty();
        }
        FactConstraint.Operator kind = switch (operator) {
            case "equals" -> FactConstraint.Operator.EQUALS;
            case "one_of" -> FactConstraint.Operator.ONE_OF;
            default -> FactConstraint.Operator.GLOB;
        };
        return Optional.of(new FactConstraint(fact.orElseThrow(), kind, texts, glob));
    }

    List<SameRule> sameRules(JsonNode node) {
        List<SameRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!node.isArray()) {
            values.problem("same must be an array of fact pairs");
            return rules;
        }
        for (int i = 0; i < node.size(); i++) {
            String where = "same[" + i + "]";
            JsonNode pair = node.get(i);
            if (!pair.isArray() || pair.size() != 2) {
                values.problem(where + " must be an array of exactly two fact names");
                continue;
            }
            Optional<FactReference> left = reference(pair.get(0), where + "[0]");
            Optional<FactReference> right = reference(pair.get(1), where + "[1]");
            if (left.isEmpty() || right.isEmpty()) {
                continue;
            }
            if (left.get().equals(right.get())) {
                values.problem(where + " compares " + left.get() + " with itself");
            } else if (left.get().isList() && right.get().isList()) {
                values.problem(where + " compares two list facts; at most one side may be a list");
            } else {
                rules.add(new SameRule(left.get(), right.get()));
            }
        }
        return rules;
    }

    /**
     * Resolves {@code <source>.<fact>} against the policy's sources and the agent namespace. Aliases may contain
     * dots, so every source that prefixes the name is a candidate; a name two candidates could claim is refused.
     */
    private Optional<FactReference> reference(JsonNode node, String where) {
        Optional<String> text = values.text(node, where);
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
            values.problem(where + ": '" + printable(name) + "' is not a fact of a source of this policy " + sources
                    + " nor an agent context value "
                    + AgentContext.NAMES.stream().sorted().toList());
            return Optional.empty();
        }
        if (candidates.size() > 1) {
            values.problem(where + ": '" + printable(name) + "' could be a fact of any of the sources "
                    + candidates.stream().map(FactReference::source).toList());
            return Optional.empty();
        }
        FactReference reference = candidates.get(0);
        if (reference.isAgentContext() && !AgentContext.NAMES.contains(name)) {
            values.problem(where + ": '" + printable(name) + "' is not an agent context value "
                    + AgentContext.NAMES.stream().sorted().toList());
            return Optional.empty();
        }
        if (!FACT_NAME.matcher(reference.name()).matches()) {
            values.problem(where + ": '" + printable(reference.name()) + "' is not a fact name");
            return Optional.empty();
        }
        return Optional.of(reference);
    }

    private Optional<FactReference> missing(String where) {
        values.problem(where + " is required");
        return Optional.empty();
    }
}
