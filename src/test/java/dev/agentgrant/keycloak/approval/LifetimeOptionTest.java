package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifetimes a person may pick on the consent page: the requested one or a shorter rung of the ladder. */
class LifetimeOptionTest {

    private static final long MINUTE = 60;
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final Map<String, Long> UNIT_SECONDS =
            Map.of("seconds", 1L, "minutes", MINUTE, "hours", HOUR, "days", DAY);

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(60), List.of(selected(60, 1, "minutes"))),
                Arguments.of(Duration.ofSeconds(90), List.of(selected(90, 90, "seconds"))),
                Arguments.of(Duration.ofMinutes(5), List.of(selected(300, 5, "minutes"))),
                Arguments.of(
                        Duration.ofSeconds(301), List.of(offered(300, 5, "minutes"), selected(301, 301, "seconds"))),
                Arguments.of(Duration.ofMinutes(10), List.of(offered(300, 5, "minutes"), selected(600, 10, "minutes"))),
                Arguments.of(
                        Duration.ofHours(1),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                selected(3_600, 1, "hours"))),
                Arguments.of(
                        Duration.ofSeconds(3_601),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                selected(3_601, 3_601, "seconds"))),
                Arguments.of(
                        Duration.ofMinutes(90),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                selected(5_400, 90, "minutes"))),
                Arguments.of(
                        Duration.ofHours(2),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                selected(7_200, 2, "hours"))),
                Arguments.of(
                        Duration.ofHours(12),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                offered(7_200, 2, "hours"),
                                offered(14_400, 4, "hours"),
                                offered(28_800, 8, "hours"),
                                selected(43_200, 12, "hours"))),
                Arguments.of(
                        Duration.ofDays(1),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                offered(7_200, 2, "hours"),
                                offered(14_400, 4, "hours"),
                                offered(28_800, 8, "hours"),
                                selected(86_400, 1, "days"))),
                Arguments.of(
                        Duration.ofMinutes(24 * 60 + 1),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                offered(7_200, 2, "hours"),
                                offered(14_400, 4, "hours"),
                                offered(28_800, 8, "hours"),
                                offered(86_400, 1, "days"),
                                selected(86_460, 1_441, "minutes"))),
                Arguments.of(
                        Duration.ofHours(36),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                offered(7_200, 2, "hours"),
                                offered(14_400, 4, "hours"),
                                offered(28_800, 8, "hours"),
                                offered(86_400, 1, "days"),
                                selected(129_600, 36, "hours"))),
                Arguments.of(
                        Duration.ofDays(7),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                offered(7_200, 2, "hours"),
                                offered(14_400, 4, "hours"),
                                offered(28_800, 8, "hours"),
                                offered(86_400, 1, "days"),
                                selected(604_800, 7, "days"))),
                Arguments.of(
                        Duration.ofDays(30),
                        List.of(
                                offered(300, 5, "minutes"),
                                offered(900, 15, "minutes"),
                                offered(1_800, 30, "minutes"),
                                offered(3_600, 1, "hours"),
                                offered(7_200, 2, "hours"),
                                offered(14_400, 4, "hours"),
                                offered(28_800, 8, "hours"),
                                offered(86_400, 1, "days"),
                                offered(604_800, 7, "days"),
                                selected(2_592_000, 30, "days"))));
    }

    @ParameterizedTest(name = "requested {0}")
    @MethodSource("requests")
    void offersTheShorterRungsAndTheRequestedLifetimeLast(Duration requested, List<LifetimeOption> expected) {
        assertThat(LifetimeOption.forRequested(requested)).containsExactlyElementsOf(expected);
    }

    /**
     * For every lifetime from one minute to thirty days (minute by minute, plus an odd second after each): nothing is
     * longer than requested, the requested lifetime is last and the only one selected, the rest are distinct and
     * ascending, and each is said in the largest unit that divides it.
     */
    @Test
    void holdsForEveryRequestFromAMinuteToThirtyDays() {
        LongStream.rangeClosed(1, 30 * DAY / MINUTE)
                .flatMap(minutes -> LongStream.of(minutes * MINUTE, minutes * MINUTE + 7))
                .filter(seconds -> seconds <= 30 * DAY)
                .forEach(seconds -> {
                    List<LifetimeOption> options = LifetimeOption.forRequested(Duration.ofSeconds(seconds));

                    LifetimeOption last = options.get(options.size() - 1);
                    assertThat(last.seconds()).as("last of %d", seconds).isEqualTo(seconds);
                    assertThat(last.selected())
                            .as("last of %d selected", seconds)
                            .isTrue();
                    for (int i = 0; i < options.size() - 1; i++) {
                        assertThat(options.get(i).selected())
                                .as("option %d of %d", i, seconds)
                                .isFalse();
                        assertThat(options.get(i).seconds())
                                .as("option %d of %d", i, seconds)
                                .isLessThan(options.get(i + 1).seconds());
                    }
                    assertThat(options).allSatisfy(option -> assertSaidInLargestUnit(option));
                });
    }

    @Test
    void theLadderIsFiveFifteenThirtyMinutesOneTwoFourEightHoursOneAndSevenDays() {
        List<Long> rungs = LifetimeOption.forRequested(Duration.ofDays(365)).stream()
                .filter(option -> !option.selected())
                .map(LifetimeOption::seconds)
                .toList();

        assertThat(rungs)
                .containsExactly(
                        5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, DAY, 7 * DAY);
    }

    @Test
    void aRequestShorterThanTheFirstRungOffersOnlyItself() {
        assertThat(LifetimeOption.forRequested(Duration.ofSeconds(1))).containsExactly(selected(1, 1, "seconds"));
        assertThat(LifetimeOption.forRequested(Duration.ofSeconds(299))).containsExactly(selected(299, 299, "seconds"));
    }

    private static void assertSaidInLargestUnit(LifetimeOption option) {
        long unitSeconds = UNIT_SECONDS.get(option.unit());
        assertThat(option.amount() * unitSeconds).as("%s", option).isEqualTo(option.seconds());
        String expectedUnit = option.seconds() % DAY == 0
                ? "days"
                : option.seconds() % HOUR == 0 ? "hours" : option.seconds() % MINUTE == 0 ? "minutes" : "seconds";
        assertThat(option.unit()).as("%s", option).isEqualTo(expectedUnit);
    }

    private static LifetimeOption offered(long seconds, long amount, String unit) {
        return new LifetimeOption(seconds, amount, unit, false);
    }

    private static LifetimeOption selected(long seconds, long amount, String unit) {
        return new LifetimeOption(seconds, amount, unit, true);
    }
}
