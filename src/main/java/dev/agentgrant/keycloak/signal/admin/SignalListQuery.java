package dev.agentgrant.keycloak.signal.admin;

import dev.agentgrant.keycloak.signal.Outbox;
import dev.agentgrant.keycloak.signal.SignalStatus;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import dev.agentgrant.keycloak.support.QueryParameters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filters of {@code GET …/signals}: {@code status} (one of {@link SignalStatus}), {@code grant} (a grant id),
 * {@code receiver} (the receiver's client_id, as the SET names it), and the page ({@code first}, {@code max}), under the
 * rules of every list of the admin API ({@link QueryParameters}).
 */
record SignalListQuery(Outbox.Filter filter, int first, int max) {

    static final String STATUS = "status";
    static final String GRANT = "grant";
    static final String RECEIVER = "receiver";
    private static final Set<String> PARAMETERS =
            Set.of(STATUS, GRANT, RECEIVER, QueryParameters.FIRST, QueryParameters.MAX);

    static SignalListQuery parse(Map<String, List<String>> parameters) throws InvalidAdminRequest {
        QueryParameters query =
                QueryParameters.checked(parameters, PARAMETERS, "status, grant, receiver, first and max");
        Optional<SignalStatus> status = Optional.empty();
        Optional<String> value = query.value(STATUS);
        if (value.isPresent()) {
            status = Arrays.stream(SignalStatus.values())
                    .filter(s -> s.name().equals(value.get()))
                    .findFirst();
            if (status.isEmpty()) {
                throw new InvalidAdminRequest("status must be one of "
                        + Arrays.stream(SignalStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return new SignalListQuery(
                new Outbox.Filter(status, query.name(GRANT), query.name(RECEIVER)), query.first(), query.max());
    }
}
