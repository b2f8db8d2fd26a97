package dev.agentgrant.keycloak.attestation.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An agent's attestation policy: what the verified evidence of one presentation must show, taken together, for the
 * presenter to count as the expected workload (docs/attestation.md, "Policies"). Immutable; obtained only through
 * {@link #parse(String)}, which refuses anything doubtful at configuration time, so a policy that exists always
 * evaluates. {@link PolicyEvaluator} applies it.
 *
 * <h2>Format</h2>
 * A JSON object (at most {@value #MAX_BYTES} bytes of UTF-8, no duplicate member names, nesting at most
 * {@value #MAX_NESTING} deep) with these members, all optional except that {@code require} and {@code any_of}
 * together must name at least one source:
 * <pre>{@code
 * {
 *   "require": ["spire", "build"],
 *   "any_of": [["k8s", "gha"]],
 *   "facts": [
 *     {"fact": "spire.spiffe_id", "equals": "spiffe://example.org/ns/agents/sa/demo"},
 *     {"fact": "k8s.namespace", "one_of": ["agents", "agents-canary"]},
 *     {"fact": "build.builder_id", "glob": "https://github.com/actions/runner/*"}
 *   ],
 *   "max_age": {"build": "P30D", "spire": "PT10M"},
 *   "same": [
 *     ["runtime.code_digest", "build.subject_digests"],
 *     ["spire.spiffe_id", "agent.spiffe_id"]
 *   ],
 *   "key_binding": "required"
 * }
 * }</pre>
 * <dl>
 *   <dt>{@code require}</dt>
 *   <dd>Source aliases that must each have presented verified evidence (all of). Rule ids {@code require[alias]}.</dd>
 *   <dt>{@code any_of}</dt>
 *   <dd>Groups of source aliases; each group needs verified evidence from at least one of its sources. A source
 *       named only here is <em>optional</em>. Rule ids {@code any_of[i]}.</dd>
 *   <dt>{@code facts}</dt>
 *   <dd>Constraints {@code {"fact": "<source>.<fact>", <operator>: <operand>}} with exactly one operator:
 *       {@code equals} (a string), {@code one_of} (a non-empty array of strings) or {@code glob} (see {@link Glob}:
 *       {@code *} any run, {@code ?} one character, {@code \} escapes). Comparisons are exact: no trimming, case
 *       folding or Unicode normalisation. A constraint may read facts of the policy's own sources only (those in
 *       {@code require} or {@code any_of}) or agent context values ({@link AgentContext}); list facts
 *       ({@code subject_digests}) are compared through {@code same}, not here. Rule ids {@code facts[i]}.</dd>
 *   <dt>{@code max_age}</dt>
 *   <dd>Per policy source, an ISO-8601 duration ({@code PT10M}, {@code P30D}; positive, at most
 *       {@code P3650D}): the evidence's issue time must lie within it, plus the 15 s clock skew. Evidence that does
 *       not say when it was issued fails the rule. Rule ids {@code max_age[alias]}.</dd>
 *   <dt>{@code same}</dt>
 *   <dd>Pairs of facts that must carry the same value. When one side is a list fact ({@code subject_digests}, a
 *       comma-separated list), the other side's value must be one of its members (split at commas, empty members
 *       ignored, exact comparison); two list sides are refused. Rule ids {@code same[i]}.</dd>
 *   <dt>{@code key_binding}</dt>
 *   <dd>{@code required}, {@code if_present} (the default) or {@code off}: see {@link KeyBinding}. Rule id
 *       {@code key_binding}.</dd>
 * </dl>
 *
 * <h2>Semantics</h2>
 * Fail closed: a rule whose fact is absent (or empty) fails; evidence from sources the policy does not name is
 * ignored, except that a key it binds must still be the instance key. A rule about an optional source applies
 * only when that source presented evidence — the alternatives of an {@code any_of} carry their own constraints —
 * and then it must pass. So evaluation is monotonic (docs/attestation.md, "Policies"): extra evidence, extra facts and
 * extra list members can add failures, never remove one. Two evidence items for one source alias (which the wire
 * contract forbids) fail the implicit rule {@code one_per_source}; the rules read the first.
 *
 * <p>Fact names: {@code <source>.<fact>}, where {@code <source>} is one of the policy's sources (aliases may
 * contain dots; a reference two sources could claim is refused) and {@code <fact>} is the verifier's fact name,
 * or one of {@link AgentContext#NAMES}. The alias {@code agent} is reserved for agent context values.
 *
 * <h2>Version</h2>
 * {@link #versionHash()} is base64url(SHA-256(canonical JSON)), with the canonical form of
 * {@link CanonicalJson} (RFC 8785): texts that differ only in member order or whitespace share a hash.
 */
public final class AttestationPolicy {

    /** Policies are admin input: the text may hold at most this many bytes of UTF-8. */
    public static final int MAX_BYTES = 32 * 1024;

    /** The deepest a valid policy nests is 4 (object → facts → constraint → one_of); anything far deeper is refused. */
    public static final int MAX_NESTING = 8;

    /** The longest {@code max_age} accepted, about ten years, which keeps time arithmetic far from overflow. */
    public static final Duration MAX_AGE_CEILING = Duration.ofDays(3650);

    private final List<String> required;
    private final List<List<String>> anyOf;
    private final List<FactConstraint> facts;
    private final Map<String, Duration> maxAge;
    private final List<SameRule> same;
    private final KeyBinding keyBinding;
    private final String canonicalJson;
    private final String versionHash;

    AttestationPolicy(
            List<String> required,
            List<List<String>> anyOf,
            List<FactConstraint> facts,
            Map<String, Duration> maxAge,
            List<SameRule> same,
            KeyBinding keyBinding,
            String canonicalJson) {
        this.required = List.copyOf(required);
        this.anyOf = anyOf.stream().map(List::copyOf).toList();
        this.facts = List.copyOf(facts);
        this.maxAge = Collections.unmodifiableMap(new LinkedHashMap<>(maxAge));
        this.same = List.copyOf(same);
        this.keyBinding = keyBinding;
        this.canonicalJson = canonicalJson;
        this.versionHash = CanonicalJson.versionHash(canonicalJson);
    }

    /**
     * @param json the policy as an admin wrote it
     * @throws PolicyProblems listing every problem found, when the policy cannot be used
     */
    public static AttestationPolicy parse(String json) throws PolicyProblems {
        return new PolicyParser().parse(json);
    }

    /** base64url(SHA-256(canonical JSON)), recorded in tokens and audit events. */
    public String versionHash() {
        return versionHash;
    }

    /** The policy's canonical JSON text (RFC 8785 form), the input of {@link #versionHash()}. */
    public String canonicalJson() {
        return canonicalJson;
    }

    /** Sources that must all have presented evidence, in policy order. */
    public List<String> requiredSources() {
        return required;
    }

    /** Every source the policy names, required ones first, then those of {@code any_of}, in policy order. */
    public Set<String> sources() {
        Set<String> sources = new LinkedHashSet<>(required);
        anyOf.forEach(sources::addAll);
        return Collections.unmodifiableSet(sources);
    }

    /** The policy's freshness limit for a source, if it sets one. */
    public Optional<Duration> maxAge(String source) {
        return Optional.ofNullable(maxAge.get(source));
    }

    public KeyBinding keyBinding() {
        return keyBinding;
    }

    List<List<String>> anyOf() {
        return anyOf;
    }

    List<FactConstraint> facts() {
        return facts;
    }

    Map<String, Duration> maxAge() {
        return maxAge;
    }

    List<SameRule> same() {
        return same;
    }

    boolean isOptional(String source) {
        return !required.contains(source);
    }

    /** Rule sources, for rules that name facts: agent context values belong to no source. */
    static List<String> sourcesOf(FactReference... references) {
        List<String> sources = new ArrayList<>();
        for (FactReference reference : references) {
            if (!reference.isAgentContext() && !sources.contains(reference.source())) {
                sources.add(reference.source());
            }
        }
        return sources;
    }

    @Override
    public String toString() {
        return "AttestationPolicy[" + versionHash + "]";
    }
}
