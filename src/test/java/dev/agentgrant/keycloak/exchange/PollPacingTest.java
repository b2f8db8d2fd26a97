package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollPacingTest {

    private static final Instant T0 = Instant.parse("2030-01-01T09:00:00Z");
    private static final Duration BASE = Duration.ofSeconds(5);

    @Test
    void theFirstPollIsPendingAtTheBaseInterval() {
        PollPacing.Decision decision = PollPacing.poll(Optional.empty(), T0, BASE);

        assertThat(decision.answer()).isEqualTo(OAuthError.AUTHORIZATION_PENDING);
        assertThat(decision.next()).isEqualTo(new PollPacing.State(T0, BASE));
    }

    @ParameterizedTest(name = "interval {0}s, next poll after {1} ms → {2}, interval then {3}s")
    @CsvSource({
        "5, 0, SLOW_DOWN, 10",
        "5, 4999, SLOW_DOWN, 10",
        "5, 5000, AUTHORIZATION_PENDING, 5",
        "10, 7000, SLOW_DOWN, 15",
        "10, 10000, AUTHORIZATION_PENDING, 10",
        "15, 60000, AUTHORIZATION_PENDING, 15"
    })
    void pollsSoonerThanTheIntervalSlowDownByFiveSeconds(
            long interval, long afterMillis, OAuthError answer, long next) {
        PollPacing.Decision decision = PollPacing.poll(
                Optional.of(new PollPacing.State(T0, Duration.ofSeconds(interval))), T0.plusMillis(afterMillis), BASE);

        assertThat(decision.answer()).isEqualTo(answer);
        assertThat(decision.next())
                .isEqualTo(new PollPacing.State(T0.plusMillis(afterMillis), Duration.ofSeconds(next)));
    }

    @Test
    void stateSurvivesTheSingleUseStoreNotes() {
        PollPacing.State state = new PollPacing.State(T0.plusMillis(123), Duration.ofSeconds(15));

        assertThat(PollPacing.State.fromNotes(state.notes())).contains(state);
    }

    @Test
    void unreadableNotesReadAsNoPreviousPoll() {
        assertThat(PollPacing.State.fromNotes(null)).isEmpty();
        assertThat(PollPacing.State.fromNotes(Map.of())).isEmpty();
        assertThat(PollPacing.State.fromNotes(Map.of("last_poll", "x", "interval", "5")))
                .isEmpty();
    }
}
