package dev.agentgrant.keycloak.agent;

import static dev.agentgrant.keycloak.agent.AgentProfileOptions.FORBIDDEN_AUDIENCES;
import static dev.agentgrant.keycloak.agent.AgentProfileOptions.FORBIDDEN_SCOPES;

import dev.agentgrant.keycloak.agent.AgentProfileOptions.Kind;
import dev.agentgrant.keycloak.agent.AgentProfileOptions.Option;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads each option of an {@link AgentProfile} once, adding a problem and answering the default when a value is unusable. */
final class AgentProfileReader {

    /** A decimal number as an admin writes it: no sign, no leading zeros, no blanks; 18 digits always fit a long. */
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,17}");

    private static final Pattern BLANKS = Pattern.compile("[ \\t\\r\\n]+");
    private static final int MAX_SHOWN = 40;

    private final Map<String, String> attributes;
    private final List<AgentProfileProblems.Problem> problems;

    AgentProfileReader(Map<String, String> attributes, List<AgentProfileProblems.Problem> problems) {
        this.attributes = attributes;
        this.problems = problems;
    }

    /** Absent and empty both mean "use the default" (the admin console saves a cleared field as ""). */
    private Optional<String> value(Option option) {
        String value = attributes.get(option.name());
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private void problem(Option option, String message) {
        problems.add(new AgentProfileProblems.Problem(option.name(), message));
    }

    boolean flag(Option option) {
        String value = value(option).orElse(option.defaultValue());
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        problem(option, option.name() + " must be exactly true or false, not " + shown(value));
        return Boolean.parseBoolean(option.defaultValue());
    }

    long number(Option option) {
        String value = value(option).orElse(option.defaultValue());
        String unit = option.kind() == Kind.SECONDS ? " seconds" : "";
        if (DECIMAL.matcher(value).matches()) {
            long number = Long.parseLong(value);
            if (number >= option.min() && number <= option.max()) {
                return number;
            }
        }
        problem(
                option,
                option.name() + " must be a whole number from " + option.min() + " to " + option.max() + unit + ", not "
                        + shown(value));
        return Long.parseLong(option.defaultValue());
    }

    Optional<String> text(Option option) {
        return value(option).map(String::trim).filter(value -> !value.isEmpty());
    }

    Set<String> names(Option option) {
        String value = value(option).orElse(option.defaultValue()).trim();
        Set<String> names = new LinkedHashSet<>();
        if (value.isEmpty()) {
            return Set.of();
        }
        String[] parts = BLANKS.split(value);
        if (parts.length > option.max()) {
            problem(
                    option,
                    option.name() + " holds " + parts.length + " names, at most " + option.max() + " are allowed");
            return Set.of();
        }
        boolean valid = true;
        for (String name : parts) {
            String problem = problemOf(option.kind(), name);
            if (problem == null && !names.add(name)) {
                problem = "is listed twice";
            }
            if (problem != null) {
                problem(option, option.name() + ": " + shown(name) + " " + problem);
                valid = false;
            }
        }
        return valid ? Collections.unmodifiableSet(names) : Set.of();
    }

    private static String problemOf(Kind kind, String name) {
        switch (kind) {
            case SCOPES:
                if (!ScopeToken.isValid(name)) {
                    return "is not a scope name (RFC 6749 §3.3: printable ASCII without space, '\"' or '\\', at most "
                            + ScopeToken.MAX_LENGTH + " characters)";
                }
                // Case-insensitive: a store with case-insensitive collation could resolve "OpenID" to openid.
                return FORBIDDEN_SCOPES.contains(name.toLowerCase(Locale.ROOT))
                        ? "may never be in an agent's ceiling"
                        : null;
            case CLIENT_IDS:
                if (!ScopeToken.isValid(name)) {
                    return "is not a client_id an agent may name (printable ASCII without space, '\"' or '\\', at most "
                            + ScopeToken.MAX_LENGTH + " characters)";
                }
                return FORBIDDEN_AUDIENCES.contains(name.toLowerCase(Locale.ROOT))
                        ? "is a built-in Keycloak client and may never be an agent's audience"
                        : null;
            case USERNAMES:
                return isUsername(name) ? null : "is not a username (at most 255 visible characters, no blanks)";
            default:
                throw new IllegalStateException("not a list option: " + kind);
        }
    }

    private static boolean isUsername(String name) {
        return name.length() <= 255 && name.codePoints().allMatch(AgentProfileReader::isVisible);
    }

    /** A code point that shows as itself: not blank, not a control, format, separator, surrogate or unassigned one. */
    private static boolean isVisible(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** An admin-supplied value as it may appear in a problem: quoted, shortened, with invisible characters replaced. */
    static String shown(String value) {
        Objects.requireNonNull(value);
        StringBuilder shown = new StringBuilder("'");
        value.codePoints().limit(MAX_SHOWN).forEach(c -> {
            if (isVisible(c) || c == ' ') {
                shown.appendCodePoint(c);
            } else {
                shown.append(String.format("\\u%04X", c));
            }
        });
        if (value.codePointCount(0, value.length()) > MAX_SHOWN) {
            shown.append("…");
        }
        return shown.append('\'').toString();
    }
}
