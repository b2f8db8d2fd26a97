package dev.agentgrant.keycloak.attestation.policy;

import java.util.List;

/**
 * One entry of a policy's {@code facts}: a fact and the one operator its value must satisfy. Comparisons are exact:
 * no trimming, no case folding, no Unicode normalisation.
 */
record FactConstraint(FactReference fact, Operator operator, List<String> values, Glob glob) {

    enum Operator {
        EQUALS("equals"),
        ONE_OF("one_of"),
        GLOB("glob");

        final String wireName;

        Operator(String wireName) {
            this.wireName = wireName;
        }
    }

    FactConstraint {
        values = List.copyOf(values);
    }

    boolean accepts(String value) {
        return switch (operator) {
            case EQUALS, ONE_OF -> values.contains(value);
            case GLOB -> glob.matches(value);
        };
    }

    /** The expectation, for admins: {@code equals 'x'}, {@code one of [a, b]}, {@code matches glob 'x*'}. */
    String expectation() {
        return switch (operator) {
            case EQUALS -> "equal '" + values.get(0) + "'";
            case ONE_OF -> "be one of " + values;
            case GLOB -> "match glob '" + glob + "'";
        };
    }
}
