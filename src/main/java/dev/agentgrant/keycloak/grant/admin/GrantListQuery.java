package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import dev.agentgrant.keycloak.support.QueryParameters;
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
 * after, epoch seconds) and {@code created_before} (before, epoch seconds), and the page: {@code max} grants from the
 * start, after the {@code after} cursor a previous page answered ({@link GrantCursor}), or after skipping {@code first}.
 * A filter the API does not know, a repeated or empty one, or a value out of range is refused: an ignored filter would
 * list more than the admin asked for. {@code after} and {@code first} exclude each other: a page is found either by
 * where the previous one ended, which costs the same on every page, or by counting from the start, which costs more
 * the deeper the page.
 */
record GrantListQuery(
        Optional<String> user,
        Optional<String> agent,
        Optional<String> audience,
        Optional<GrantStatus> status,
        Optional<Instant> createdAfter,
        Optional<Instant> createdBefore,
        Optional<GrantSearch.Position> after,
        int first,
        int max) {

    static final int DEFAULT_MAX = QueryParameters.DEFAULT_MAX;
    static final int MAX_PAGE = QueryParameters.MAX_PAGE;
    /** Keycloak's longest user ids and client_ids. */
    static final int MAX_NAME_LENGTH = QueryParameters.MAX_NAME_LENGTH;

    static final String USER = "user";
    static final String AGENT = "agent";
    static final String AUDIENCE = "audience";
    static final String STATUS = "status";
    static final String CREATED_AFTER = "created_after";
    static final String CREATED_BEFORE = "created_before";
    static final String AFTER = "after";
    private static final Set<String> PARAMETERS = Set.of(
            USER,
            AGENT,
            AUDIENCE,
            STATUS,
            CREATED_AFTER,
            CREATED_BEFORE,
            AFTER,
            QueryParameters.FIRST,
            QueryParameters.MAX);

    /** Epoch seconds as JWTs write them: decimal digits only, at most twelve (beyond the year 30000). */
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");

    static GrantListQuery parse(Map<String, List<String>> parameters) throws InvalidAdminRequest {
        QueryParameters query = QueryParameters.checked(
                parameters,
                PARAMETERS,
                "user, agent, audience, status, created_after, created_before, after, first and max");
        Optional<String> user = query.name(USER);
        Optional<String> agent = query.name(AGENT);
        Optional<String> audience = query.name(AUDIENCE);
        Optional<Instant> createdAfter = epochSeconds(query, CREATED_AFTER);
        Optional<Instant> createdBefore = epochSeconds(query, CREATED_BEFORE);
        if (createdAfter.isPresent()
                && createdBefore.isPresent()
                && !createdAfter.get().isBefore(createdBefore.get())) {
            throw new InvalidAdminRequest(CREATED_AFTER + " must be earlier than " + CREATED_BEFORE);
        }
        Optional<GrantStatus> status = Optional.empty();
        Optional<String> statusValue = query.value(STATUS);
        if (statusValue.isPresent()) {
            status = Arrays.stream(GrantStatus.values())
                    .filter(s -> s.name().equals(statusValue.get()))
                    .findFirst();
            if (status.isEmpty()) {
                throw new InvalidAdminRequest("status must be one of "
                        + Arrays.stream(GrantStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        Optional<String> cursor = query.value(AFTER);
        if (cursor.isPresent() && query.value(QueryParameters.FIRST).isPresent()) {
            throw new InvalidAdminRequest(AFTER + " and " + QueryParameters.FIRST
                    + " exclude each other: page with the next cursor of the previous page, or by first");
        }
        Optional<GrantSearch.Position> after =
                cursor.isPresent() ? Optional.of(GrantCursor.decode(cursor.get())) : Optional.empty();
        return new GrantListQuery(
                user, agent, audience, status, createdAfter, createdBefore, after, query.first(), query.max());
    }

    private static Optional<Instant> epochSeconds(QueryParameters query, String name) throws InvalidAdminRequest {
        Optional<String> value = query.value(name);
        if (value.isPresent() && !EPOCH_SECONDS.matcher(value.get()).matches()) {
            throw new InvalidAdminRequest(name + " must be a time in epoch seconds (a whole number ≥ 0)");
        }
        return value.map(seconds -> Instant.ofEpochSecond(Long.parseLong(seconds)));
    }
}
