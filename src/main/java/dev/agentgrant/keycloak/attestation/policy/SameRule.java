package dev.agentgrant.keycloak.attestation.policy;

/**
 * One entry of a policy's {@code same}: two facts that must carry the same value. When one side is a list fact
 * ({@link FactReference#LIST_FACTS}), "the same" means the other side's value is one of the list's members (the
 * runtime's code digest is a subject of the provenance, SLSA provenance v1 / in-toto Statement v1 {@code subject}).
 * At most one side may be a list; the parser refuses two.
 */
record SameRule(FactReference left, FactReference right) {

    boolean holds(String leftValue, String rightValue) {
        if (left.isList()) {
            return FactReference.members(leftValue).contains(rightValue);
        }
        if (right.isList()) {
            return FactReference.members(rightValue).contains(leftValue);
        }
        return leftValue.equals(rightValue);
    }
}
