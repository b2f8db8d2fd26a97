package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.Config;

class SignalsFactoryTest {

    private static final String PREFIX = "agentgrant.test.signals.";

    @AfterEach
    void clear() {
        SignalsFactory.OPTIONS.forEach(option -> System.clearProperty(PREFIX + option.name()));
    }

    private static Config.Scope scope() {
        return new Config.SystemPropertiesScope(PREFIX);
    }

    @Test
    void unsetOptionsAreTheDocumentedDefaults() {
        Deliverer.Settings settings = SignalsFactory.settings(scope());

        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.schedule())
                .isEqualTo(new RetrySchedule(Duration.ofSeconds(5), Duration.ofMinutes(5), 300, Duration.ofDays(1)));
        assertThat(settings.pushTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.deliveredRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.deadLetterRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aShortScheduleForTestsIsAccepted() {
        System.setProperty(PREFIX + "poll-interval", "1");
        System.setProperty(PREFIX + "retry-initial-delay", "1");
        System.setProperty(PREFIX + "retry-max-delay", "2");

        Deliverer.Settings settings = SignalsFactory.settings(scope());

        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.schedule().delayAfter(5)).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource({
        "poll-interval, 0",
        "retry-initial-delay, 0",
        "retry-max-delay, 4",
        "retry-max-attempts, 0",
        "retry-max-age, 4",
        "push-timeout, 0",
        "push-timeout, 61",
        "delivered-retention, -1",
        "dead-letter-retention, 3599"
    })
    void aValueOutOfRangeStopsTheServerNamingTheOption(String option, String value) {
        System.setProperty(PREFIX + option, value);

        assertThatThrownBy(() -> SignalsFactory.settings(scope()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(option);
    }
}
