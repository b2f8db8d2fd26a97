package dev.agentgrant.keycloak.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every list query of the admin API follows: a parameter the endpoint does not know, a repeated or empty
 * one, or a value out of range is refused, never ignored (an ignored filter would list more than the admin asked for);
 * the page is {@code first} (≥ 0, default 0) and {@code max} (1–{@value #MAX_PAGE}, default {@value #DEFAULT_MAX}).
 */
public final class QueryParameters {

    public static final int DEFAULT_MAX = 20;
    public static final int MAX_PAGE = 100;
    /** Keycloak's longest user ids, usernames and client_ids. */
    public static final int MAX_NAME_LENGTH = 255;

    public static final String FIRST = "first";
    public static final String MAX = "max";

    /** Decimal digits only: no sign, no exponent, nothing Java's parser would also accept. */
    private static final Pattern FIRST_VALUE = Pattern.compile("[0-9]{1,9}");

    private static final Pattern MAX_VALUE = Pattern.compile("[0-9]{1,3}");

    private final Map<String, List<String>> parameters;

    private QueryParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /**
     * @param known the parameters the endpoint reads, {@code first} and {@code max} included
     * @param knownText how an error message lists them
     */
    public static QueryParameters checked(Map<String, List<String>> parameters, Set<String> known, String knownText)
            throws InvalidAdminRequest {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!known.contains(parameter.getKey())) {
                throw new InvalidAdminRequest(
                        "Unknown parameter '" + parameter.getKey() + "'; the filters are " + knownText);
            }
            if (parameter.getValue().size() != 1) {
                throw new InvalidAdminRequest("Parameter " + parameter.getKey() + " is repeated");
            }
            if (parameter.getValue().get(0).isEmpty()) {
                throw new InvalidAdminRequest("Parameter " + parameter.getKey() + " is empty");
            }
        }
        return new QueryParameters(parameters);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(parameters.get(name)).map(values -> values.get(0));
    }

    /** A user id, username, client_id or search text: at most {@value #MAX_NAME_LENGTH} characters. */
    public Optional<String> name(String name) throws InvalidAdminRequest {
        Optional<String> value = value(name);
        if (value.isPresent() && value.get().length() > MAX_NAME_LENGTH) {
            throw new InvalidAdminRequest(name + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value;
    }

    /** Exactly {@code true} or {@code false}. */
    public Optional<Boolean> flag(String name) throws InvalidAdminRequest {
        Optional<String> value = value(name);
        if (value.isPresent() && !value.get().equals("true") && !value.get().equals("false")) {
            throw new InvalidAdminRequest(name + " must be true or false");
        }
        return value.map(Boolean::parseBoolean);
    }

    public int first() throws InvalidAdminRequest {
        Optional<String> value = value(FIRST);
        if (value.isEmpty()) {
            return 0;
        }
        if (!FIRST_VALUE.matcher(value.get()).matches()) {
            throw new InvalidAdminRequest("first must be a whole number ≥ 0");
        }
        return Integer.parseInt(value.get());
    }

    public int max() throws InvalidAdminRequest {
        Optional<String> value = value(MAX);
        if (value.isEmpty()) {
            return DEFAULT_MAX;
        }
        int max = MAX_VALUE.matcher(value.get()).matches() ? Integer.parseInt(value.get()) : 0;
        if (max < 1 || max > MAX_PAGE) {
            throw new InvalidAdminRequest("max must be a whole number from 1 to " + MAX_PAGE);
        }
        return max;
    }
}
