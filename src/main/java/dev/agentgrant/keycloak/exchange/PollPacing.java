package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How fast an agent may poll a pending grant (RFC 8628 §3.5): a poll sooner than the interval after the previous one
 * answers {@code slow_down} and adds 5 seconds to the interval for every later poll; otherwise
 * {@code authorization_pending}. The state lives in Keycloak's single-use store as notes, so every cluster node
 * sees it.
 */
public final class PollPacing {

    /** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    static final String LAST_POLL = "last_poll";
    static final String INTERVAL = "interval";

    private PollPacing() {}

    /** The previous poll and the interval in force since. */
    public record State(Instant lastPoll, Duration interval) {

        public Map<String, String> notes() {
            return Map.of(
                    LAST_POLL, Long.toString(lastPoll.toEpochMilli()), INTERVAL, Long.toString(interval.toSeconds()));
        }

        /** Notes written by {@link #notes()}; anything else reads as no previous poll. */
        public static Optional<State> fromNotes(Map<String, String> notes) {
            if (notes == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new State(
                        Instant.ofEpochMilli(Long.parseLong(notes.get(LAST_POLL))),
                        Duration.ofSeconds(Long.parseLong(notes.get(INTERVAL)))));
            } catch (NumberFormatException | NullPointerException e) {
                return Optional.empty();
            }
        }
    }

    public record Decision(OAuthError answer, State next) {}

    public static Decision poll(Optional<State> previous, Instant now, Duration baseInterval) {
        if (previous.isEmpty()) {
            return new Decision(OAuthError.AUTHORIZATION_PENDING, new State(now, baseInterval));
        }
        State state = previous.get();
        if (now.isBefore(state.lastPoll().plus(state.interval()))) {
            return new Decision(
                    OAuthError.SLOW_DOWN, new State(now, state.interval().plus(SLOW_DOWN_STEP)));
        }
        return new Decision(OAuthError.AUTHORIZATION_PENDING, new State(now, state.interval()));
    }
}
