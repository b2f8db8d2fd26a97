package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant QUEUED = Instant.parse("2026-03-01T10:00:00Z");
    private final RetrySchedule defaults =
            new RetrySchedule(Duration.ofSeconds(5), Duration.ofMinutes(5), 300, Duration.ofDays(1));

    @Test
    void theDelayDoublesFromTheFirstUpToTheCap() {
        assertThat(defaults.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.delayAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.delayAfter(6)).isEqualTo(Duration.ofSeconds(160));
        assertThat(defaults.delayAfter(7)).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.delayAfter(250)).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theNextAttemptIsNowPlusTheDelay() {
        Instant now = QUEUED.plusSeconds(30);

        assertThat(defaults.nextAttempt(3, QUEUED, now)).contains(now.plusSeconds(20));
    }

    @Test
    void aReceiverDownForAnHourIsTriedAtLeastEveryFiveMinutesAllHour() {
        Instant now = QUEUED;
        int attempts = 0;
        Instant last = QUEUED;
        while (now.isBefore(QUEUED.plus(Duration.ofHours(1)))) {
            attempts++;
            Instant next = defaults.nextAttempt(attempts, QUEUED, now).orElseThrow();
            assertThat(Duration.between(now, next)).isLessThanOrEqualTo(Duration.ofMinutes(5));
            last = now;
            now = next;
        }
        assertThat(Duration.between(last, now)).isEqualTo(Duration.ofMinutes(5));
        assertThat(attempts).isLessThan(20);
    }

    @Test
    void givesUpAfterTheMostAttempts() {
        RetrySchedule three = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofDays(1));

        assertThat(three.nextAttempt(2, QUEUED, QUEUED.plusSeconds(3))).isPresent();
        assertThat(three.nextAttempt(3, QUEUED, QUEUED.plusSeconds(5))).isEmpty();
    }

    @Test
    void givesUpWhenTheNextAttemptWouldFallPastTheWindow() {
        Instant late = QUEUED.plus(Duration.ofDays(1)).minusSeconds(60);

        assertThat(defaults.nextAttempt(100, QUEUED, late)).isEmpty();
        assertThat(defaults.nextAttempt(100, QUEUED, late.minusSeconds(300))).isPresent();
    }

    @Test
    void theWindowEndsMaxAgeAfterTheSetWasQueued() {
        assertThat(defaults.withinWindow(QUEUED, QUEUED.plus(Duration.ofDays(1))))
                .isTrue();
        assertThat(defaults.withinWindow(QUEUED, QUEUED.plus(Duration.ofDays(1)).plusMillis(1)))
                .isFalse();
    }

    @Test
    void anAdminRetryStartsAFreshWindow() {
        Instant requeued = QUEUED.plus(Duration.ofDays(3));

        assertThat(defaults.nextAttempt(1, requeued, requeued.plusSeconds(1))).isPresent();
    }

    @Test
    void nonsenseSchedulesAreRefused() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(5), Duration.ofSeconds(5), 0, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new RetrySchedule(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfForTheServerInfoPage() {
        assertThat(defaults.describe()).isEqualTo("5s doubling to 300s, at most 300 attempts within 86400s");
    }
}
