package dev.agentgrant.keycloak.signal;

import java.time.Instant;
import java.util.Optional;

/**
 * A grant that ended while it could mint tokens, as the receivers of its audience hear of it: plain values taken in the
 * transaction that ended it.
 *
 * @param audience the grant's audience client_id: the receiver is registered on that client
 * @param userId   the person who approved the grant
 * @param reason   the grant's end reason as its audit record names it
 */
public record GrantEnd(
        String realmId,
        String grantId,
        String audience,
        Optional<String> userId,
        CaepEvent.Initiator initiator,
        String reason,
        Instant at) {

    public CaepEvent event() {
        return CaepEvent.sessionRevoked(at, initiator, reason);
    }
}
