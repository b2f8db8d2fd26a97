package dev.agentgrant.keycloak.attestation.oidc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which claims of a workload token become which facts: an ordered map from fact name to claim path, as the admin
 * configured it. A path is a top-level claim name ({@code repository}) or a dotted path into nested JSON objects
 * ({@code kubernetes.io.namespace}); see {@link #lookup(Map, String)} for how claim names that themselves contain
 * dots are found.
 *
 * <p>{@link #problems(Map)} lists every problem of a configuration at once, so an admin fixes them in one round;
 * {@link #parse(Map)} throws an {@link IllegalArgumentException} whose message is that list joined by {@code "; "}.
 */
public final class ClaimMapping {

    public static final Pattern FACT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    public static final int MAX_PATH_LENGTH = 256;
    public static final int MAX_ENTRIES = 64;
    /** Facts the verifier always sets itself; a mapping must not be able to overwrite them. */
    public static final Set<String> RESERVED_FACTS = Set.of("issuer", "subject");

    private final Map<String, String> paths;

    private ClaimMapping(Map<String, String> paths) {
        this.paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    /** An empty mapping: only the facts every workload token yields. */
    public static ClaimMapping none() {
        return new ClaimMapping(Map.of());
    }

    /**
     * @param configured fact name → claim path, in the order the facts should be listed
     * @throws IllegalArgumentException listing every problem, joined by {@code "; "}
     */
    public static ClaimMapping parse(Map<String, String> configured) {
        List<String> problems = problems(configured);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ClaimMapping(configured);
    }

    /** Every problem of {@code configured}; empty when {@link #parse(Map)} accepts it. */
    public static List<String> problems(Map<String, String> configured) {
        List<String> problems = new ArrayList<>();
        if (configured == null) {
            problems.add("The claim mapping is missing");
            return problems;
        }
        if (configured.size() > MAX_ENTRIES) {
            problems.add(
                    "The claim mapping has " + configured.size() + " entries, at most " + MAX_ENTRIES + " are allowed");
        }
        for (Map.Entry<String, String> entry : configured.entrySet()) {
            String fact = entry.getKey();
            String path = entry.getValue();
            if (fact == null || !FACT_NAME.matcher(fact).matches()) {
                problems.add("Fact name '" + fact + "' must match " + FACT_NAME.pattern());
            } else if (RESERVED_FACTS.contains(fact)) {
                problems.add("Fact name '" + fact + "' is reserved: every workload token yields it");
            }
            if (path == null || path.isEmpty()) {
                problems.add("Claim path of fact '" + fact + "' is empty");
            } else if (path.length() > MAX_PATH_LENGTH) {
                problems.add("Claim path of fact '" + fact + "' is longer than " + MAX_PATH_LENGTH + " characters");
            } else if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                problems.add("Claim path '" + path + "' of fact '" + fact + "' has an empty segment");
            }
        }
        return problems;
    }

    /** Fact name → claim path, in configured order. */
    public Map<String, String> paths() {
        return paths;
    }

    public Set<String> factNames() {
        return paths.keySet();
    }

    /**
     * The value at {@code path} in {@code object}, or null when there is none (JSON null counts as none). At every
     * level the whole remaining path is first tried as one claim name, so a claim literally named
     * {@code kubernetes.io} or {@code https://example.com/claims.tier} is found; otherwise the path is split at a
     * dot, the longest existing prefix first, and the rest looked up in the nested object. Each nested object is
     * entered at most once, so the work is bounded by the size of the (already signature-checked) payload, and
     * the recursion depth by the number of dots in a path of at most {@value #MAX_PATH_LENGTH} characters.
     */
    static Object lookup(Map<String, ?> object, String path) {
        Object literal = object.get(path);
        if (literal != null) {
            return literal;
        }
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            if (object.get(path.substring(0, dot)) instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Object found = lookup((Map<String, ?>) nested, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
