package dev.agentgrant.keycloak.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a SET that could not be delivered is tried again: after {@code initialDelay}, then twice as long after each
 * further failure, never longer than {@code maxDelay}; and when to stop: after {@code maxAttempts} attempts, or when the
 * next attempt would come later than {@code maxAge} after the SET was queued. A SET given up on is dead-lettered, for an
 * admin to see and retry (README.md, "Revocation push").
 *
 * <p>With the defaults (5 s doubling to 5 min, 24 h) a receiver that was down for an hour gets every SET at most five
 * minutes after it is back. The delay grows per SET, not per receiver; the deliverer tries one SET of a receiver that
 * failed and holds back its others until then, so a receiver that is down costs one attempt per interval, not one per
 * queued SET.
 */
public record RetrySchedule(Duration initialDelay, Duration maxDelay, int maxAttempts, Duration maxAge) {

    public RetrySchedule {
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("The first retry delay must be at least 1 second");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("The longest retry delay must be at least the first one");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("At least one attempt must be made");
        }
        if (maxAge.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("The retry window must be at least the first retry delay");
        }
    }

    /**
     * The next attempt after {@code attemptsMade} failed ones (at least 1), or empty when the SET is to be given up.
     *
     * @param queuedAt when the SET was queued (or requeued by an admin): the start of its retry window
     */
    public Optional<Instant> nextAttempt(int attemptsMade, Instant queuedAt, Instant now) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Instant next = now.plus(delayAfter(attemptsMade));
        return withinWindow(queuedAt, next) ? Optional.of(next) : Optional.empty();
    }

    /** Whether an attempt at {@code at} still falls in the retry window of a SET queued at {@code queuedAt}. */
    public boolean withinWindow(Instant queuedAt, Instant at) {
        return !at.isAfter(queuedAt.plus(maxAge));
    }

    /** {@code initialDelay · 2^(attemptsMade − 1)}, capped at {@code maxDelay}; no overflow however many attempts. */
    Duration delayAfter(int attemptsMade) {
        int doublings = Math.max(0, attemptsMade - 1);
        Duration delay = initialDelay;
        for (int i = 0; i < doublings && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** For the server info page: {@code 5s doubling to 300s, at most 300 attempts within 86400s}. */
    public String describe() {
        return initialDelay.toSeconds() + "s doubling to " + maxDelay.toSeconds() + "s, at most " + maxAttempts
                + " attempts within " + maxAge.toSeconds() + "s";
    }
}
