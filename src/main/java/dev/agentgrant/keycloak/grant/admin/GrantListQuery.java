package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.GrantStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query of {@code GET …/agent-grant/grants}: optional filters {@code user} (a user id), {@code agent} (a
 * client_id), {@code audience} (a client_id), {@code status}, and the request time window {@code created_after} (at or
 * after, epoch seconds) and {@code created_before} (before, epoch seconds), and the page {@code first} / {@code max}. A
 * filter the API does not know, a repeated or empty one, or a value out of range is refused: an ignored filter would
 * list more than the admin asked for.
 */
record GrantListQuery(
        Optional<String> user,
        Optional<String> agent,
        Optional<String> audience,
        Optional<GrantStatus> status,
        Optional<Instant> createdAfter,
        Optional<Instant> createdBefore,
        int first,
        int max) {

    static final int DEFAULT_MAX = 20;
    static final int MAX_PAGE = 100;
    /** Keycloak's longest user ids and client_ids. */
    static final int MAX_NAME_LENGTH = 255;

    static final String USER = "user";
    static final String AGENT = "agent";
    static final String AUDIENCE = "audience";
    static final String STATUS = "status";
    static final String CREATED_AFTER = "created_after";
    static final String CREATED_BEFORE = "created_before";
    static final String FIRST = "first";
    static final String MAX = "max";
    private static final Set<String> PARAMETERS =
            Set.of(USER, AGENT, AUDIENCE, STATUS, CREATED_AFTER, CREATED_BEFORE, FIRST, MAX);

    /** Decimal digits only: no sign, no exponent, nothing Java's parser would also accept. */
    private static final Pattern FIRST_VALUE = Pattern.compile("[0-9]{1,9}");

    private static final Pattern MAX_VALUE = Pattern.compile("[0-9]{1,3}");

    /** Epoch seconds as JWTs write them: decimal digits only, at most twelve (beyond the year 30000). */
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");

    static GrantListQuery parse(Map<String, List<String>> parameters) throws InvalidAdminRequest {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new InvalidAdminRequest("Unknown parameter '" + parameter.getKey()
                        + "'; the filters are user, agent, audience, status, created_after, created_before, first and"
                        + " max");
            }
            if (parameter.getValue().size() != 1) {
                throw new InvalidAdminRequest("Parameter " + parameter.getKey() + " is repeated");
            }
            if (parameter.getValue().get(0).isEmpty()) {
                throw new InvalidAdminRequest("Parameter " + parameter.getKey() + " is empty");
            }
        }
        Optional<String> user = name(parameters, USER);
        Optional<String> agent = name(parameters, AGENT);
        Optional<String> audience = name(parameters, AUDIENCE);
        Optional<Instant> createdAfter = epochSeconds(parameters, CREATED_AFTER);
        Optional<Instant> createdBefore = epochSeconds(parameters, CREATED_BEFORE);
        if (createdAfter.isPresent()
                && createdBefore.isPresent()
                && !createdAfter.get().isBefore(createdBefore.get())) {
            throw new InvalidAdminRequest(CREATED_AFTER + " must be earlier than " + CREATED_BEFORE);
        }
        Optional<GrantStatus> status = Optional.empty();
        Optional<String> statusValue = value(parameters, STATUS);
        if (statusValue.isPresent()) {
            status = Arrays.stream(GrantStatus.values())
                    .filter(s -> s.name().equals(statusValue.get()))
                    .findFirst();
            if (status.isEmpty()) {
                throw new InvalidAdminRequest("status must be one of "
                        + Arrays.stream(GrantStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        int first = 0;
        Optional<String> firstValue = value(parameters, FIRST);
        if (firstValue.isPresent()) {
            if (!FIRST_VALUE.matcher(firstValue.get()).matches()) {
                throw new InvalidAdminRequest("first must be a whole number ≥ 0");
            }
            first = Integer.parseInt(firstValue.get());
        }
        int max = DEFAULT_MAX;
        Optional<String> maxValue = value(parameters, MAX);
        if (maxValue.isPresent()) {
            max = MAX_VALUE.matcher(maxValue.get()).matches() ? Integer.parseInt(maxValue.get()) : 0;
            if (max < 1 || max > MAX_PAGE) {
                throw new InvalidAdminRequest("max must be a whole number from 1 to " + MAX_PAGE);
            }
        }
        return new GrantListQuery(user, agent, audience, status, createdAfter, createdBefore, first, max);
    }

    private static Optional<String> value(Map<String, List<String>> parameters, String name) {
        return Optional.ofNullable(parameters.get(name)).map(values -> values.get(0));
    }

    private static Optional<Instant> epochSeconds(Map<String, List<String>> parameters, String name)
            throws InvalidAdminRequest {
        Optional<String> value = value(parameters, name);
        if (value.isPresent() && !EPOCH_SECONDS.matcher(value.get()).matches()) {
            throw new InvalidAdminRequest(name + " must be a time in epoch seconds (a whole number ≥ 0)");
        }
        return value.map(seconds -> Instant.ofEpochSecond(Long.parseLong(seconds)));
    }

    private static Optional<String> name(Map<String, List<String>> parameters, String name) throws InvalidAdminRequest {
        Optional<String> value = value(parameters, name);
        if (value.isPresent() && value.get().length() > MAX_NAME_LENGTH) {
            throw new InvalidAdminRequest(name + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value;
    }
}
