package dev.agentgrant.keycloak.attestation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The values a policy is made of — non-empty strings, lists of distinct strings, durations — read from its JSON
 * with every problem recorded rather than thrown, so that a policy's author learns all of them at once. One
 * instance per parse, shared by the readers of the policy's members.
 */
final class PolicyValues {

    private final List<String> problems = new ArrayList<>();

    /** Records a problem, already prefixed with where in the policy it is. */
    void problem(String problem) {
        problems.add(problem);
    }

    /** The problems so far, live: a reader compares sizes to see whether its part added one. */
    List<String> problems() {
        return problems;
    }

    /**
     * A non-empty string without control characters or unpaired surrogates: such strings have no business in a
     * policy, and an unpaired surrogate would not survive the UTF-8 encoding the version hash is computed over.
     */
    Optional<String> text(JsonNode node, String where) {
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            problem(where + " must be a non-empty string");
            return Optional.empty();
        }
        String value = node.textValue();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                problem(where + " must not contain control characters");
                return Optional.empty();
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problem(where + " holds an unpaired surrogate");
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    /** A non-empty array of strings, each listed once. */
    List<String> distinctTexts(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            problem(where + " must be a non-empty array of strings");
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            text(node.get(i), at).ifPresent(value -> {
                if (values.contains(value)) {
                    problem(at + ": '" + printable(value) + "' is listed twice");
                } else {
                    values.add(value);
                }
            });
        }
        return values;
    }

    /** An ISO-8601 duration, positive and at most {@link AttestationPolicy#MAX_AGE_CEILING}. */
    Optional<Duration> duration(String text, String where) {
        Duration age;
        try {
            age = Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            problem(where + ": '" + printable(text) + "' is not an ISO-8601 duration such as PT10M or P30D");
            return Optional.empty();
        }
        if (age.isNegative() || age.isZero() || age.compareTo(AttestationPolicy.MAX_AGE_CEILING) > 0) {
            problem(where + ": " + text + " must be positive and at most P3650D");
            return Optional.empty();
        }
        return Optional.of(age);
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
