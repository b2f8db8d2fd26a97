package dev.agentgrant.keycloak.signal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One event of a Security Event Token in the vocabulary of the OpenID Continuous Access Evaluation Profile (CAEP 1.0):
 * its type and the members of its event object, as the {@code events} claim of RFC 8417 §2.2 carries them. Which
 * change of a grant or agent becomes which event is decided here, and nowhere else (docs/wire-contract.md,
 * "Revocation push"):
 *
 * <ul>
 *   <li>a grant that ended while it could mint tokens — revoked by its person, its agent, an admin or the system, or
 *       used up — is a {@code session-revoked} event (CAEP 1.0 §3.1): the grant is the session its tokens belong to;
 *   <li>an agent suspended or resumed, disabled or enabled, is a {@code token-claims-change} event (CAEP 1.0 §3.2)
 *       for each of its active grants: their tokens are refused or honoured again, while the grants stay.
 * </ul>
 *
 * A request that is denied or expires before approval, and a grant whose lifetime ends, send nothing: the first never
 * minted a token, and no token outlives its grant's lifetime (its {@code exp} is at most the grant's expiry), so a
 * receiver that honours {@code exp} is never wrong about it.
 */
public record CaepEvent(Type type, Map<String, Object> members) {

    /** {@code claims} member of a token-claims-change: the agent's suspension ({@code true}: tokens refused). */
    public static final String SUSPENDED_CLAIM = "agent_grant_agent_suspended";
    /** {@code claims} member of a token-claims-change: the agent client's switch ({@code true}: tokens refused). */
    public static final String DISABLED_CLAIM = "agent_grant_agent_disabled";

    public CaepEvent {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** The CAEP 1.0 event types the extension sends, by their short name (stored) and URI (on the wire). */
    public enum Type {
        SESSION_REVOKED("session-revoked"),
        TOKEN_CLAIMS_CHANGE("token-claims-change");

        private static final String BASE = "https://schemas.openid.net/secevent/caep/event-type/";

        private final String shortName;

        Type(String shortName) {
            this.shortName = shortName;
        }

        public String shortName() {
            return shortName;
        }

        /** The event type URI, the key of the event in the SET's {@code events} claim. */
        public String uri() {
            return BASE + shortName;
        }

        public static Optional<Type> byShortName(String name) {
            for (Type type : values()) {
                if (type.shortName.equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * CAEP 1.0 §2 {@code initiating_entity}: who caused the event. The person is {@code user}, an admin {@code admin},
     * the agent — software acting on its own task — {@code system}, and a rule of the extension (a use limit, a person
     * disabled or deleted, a client removed) {@code policy}.
     */
    public enum Initiator {
        PERSON("user"),
        ADMIN("admin"),
        AGENT("system"),
        SYSTEM("policy");

        private final String wire;

        Initiator(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * {@code session-revoked} for a grant that ended while usable.
     *
     * @param reason the grant's end reason as its audit record names it (e.g. {@code revoked_by_admin}), sent as the
     *               English {@code reason_admin} (CAEP 1.0 §2: a map from language tag to text)
     */
    public static CaepEvent sessionRevoked(Instant at, Initiator initiator, String reason) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("event_timestamp", at.getEpochSecond());
        members.put("initiating_entity", initiator.wire());
        members.put("reason_admin", Map.of("en", reason));
        return new CaepEvent(Type.SESSION_REVOKED, members);
    }

    /**
     * {@code token-claims-change} for an agent whose standing changed, with the claims that changed and their new
     * values; empty when nothing a receiver honours changed.
     */
    public static Optional<CaepEvent> standingChanged(Instant at, AgentStanding before, AgentStanding after) {
        Map<String, Boolean> claims = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        if (before.suspended() != after.suspended()) {
            claims.put(SUSPENDED_CLAIM, after.suspended());
            reasons.put(SUSPENDED_CLAIM, after.suspended() ? "agent_suspended" : "agent_resumed");
        }
        if (before.enabled() != after.enabled()) {
            claims.put(DISABLED_CLAIM, !after.enabled());
            reasons.put(DISABLED_CLAIM, after.enabled() ? "agent_enabled" : "agent_disabled");
        }
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("event_timestamp", at.getEpochSecond());
        members.put("initiating_entity", Initiator.ADMIN.wire());
        members.put("claims", claims);
        members.put("reason_admin", Map.of("en", reasons.values().stream().collect(Collectors.joining(" "))));
        return Optional.of(new CaepEvent(Type.TOKEN_CLAIMS_CHANGE, members));
    }
}
