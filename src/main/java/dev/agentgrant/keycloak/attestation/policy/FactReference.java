package dev.agentgrant.keycloak.attestation.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A fact a policy rule reads: a verified fact of one attestation source ({@code spire.spiffe_id} = fact
 * {@code spiffe_id} of source {@code spire}) or an agent context value ({@code agent.spiffe_id}). The split into
 * source and fact is made once, against the sources the policy names, and evaluation looks facts up by that pair:
 * evidence of a source {@code build.x} can never answer a rule about fact {@code x.y} of source {@code build}, even
 * though both would print as {@code build.x.y}.
 *
 * @param source the source alias, or {@link AgentContext#NAMESPACE}
 * @param name the fact name within the source
 */
record FactReference(String source, String name) {

    /**
     * Fact names whose value is a comma-separated list (the subject digests of an in-toto Statement). Only these are
     * read as lists; a value of any other fact that happens to contain a comma stays one opaque value, so a
     * loosely-mapped claim {@code "evil,good"} can never pass as a list holding {@code good}.
     */
    static final Set<String> LIST_FACTS = Set.of("subject_digests");

    boolean isAgentContext() {
        return AgentContext.NAMESPACE.equals(source);
    }

    boolean isList() {
        return !isAgentContext() && LIST_FACTS.contains(name);
    }

    /** The members of a list fact's value: split at commas, empty members dropped, nothing trimmed or folded. */
    static List<String> members(String value) {
        return Arrays.stream(value.split(",", -1))
                .filter(member -> !member.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        return source + "." + name;
    }
}
