package dev.agentgrant.keycloak.grant;

import dev.agentgrant.keycloak.support.ColumnLimits;
import java.util.Locale;
import java.util.Optional;

/**
 * Who causes a grant's transition or is refused something: the person, the agent, an admin or the system, with the
 * address the request came from. The audit trail records it as type, id and address; a grant that ends keeps it in
 * its {@code ended_by} column.
 *
 * @param id        the person's or admin's user id, the agent's client_id; none for the system
 * @param address   the caller's address, when a request caused it
 * @param endedBy   how the grant's {@code ended_by} column names this actor
 */
public record Actor(Kind kind, Optional<String> id, Optional<String> address, String endedBy) {

    public enum Kind {
        USER,
        ADMIN,
        AGENT,
        SYSTEM;

        /** As the audit trail writes it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An actor as an audit record names it. */
    public static Actor of(Kind kind, Optional<String> id, Optional<String> address) {
        return new Actor(
                kind, id, address, id.map(value -> kind.label() + ":" + value).orElse("system"));
    }

    public static Actor person(String userId, String address) {
        return of(Kind.USER, Optional.of(userId), Optional.ofNullable(address));
    }

    public static Actor admin(String userId, String address) {
        return of(Kind.ADMIN, Optional.of(userId), Optional.ofNullable(address));
    }

    /**
     * The agent client: {@code ended_by} is {@code agent:<client_id>}, or {@code agent-id:<internal id>} when the
     * client_id (up to 255 characters in Keycloak) would not fit the column with its prefix.
     */
    public static Actor agent(String clientId, String clientInternalId, String address) {
        String byName = "agent:" + clientId;
        return new Actor(
                Kind.AGENT,
                Optional.of(clientId),
                Optional.ofNullable(address),
                ColumnLimits.fits(byName, ColumnLimits.ENDED_BY) ? byName : "agent-id:" + clientInternalId);
    }

    public static Actor system() {
        return system(null);
    }

    /** The system acting within a request (such as the last use of a grant being spent): the request's address. */
    public static Actor system(String address) {
        return new Actor(Kind.SYSTEM, Optional.empty(), Optional.ofNullable(address), "system");
    }
}
