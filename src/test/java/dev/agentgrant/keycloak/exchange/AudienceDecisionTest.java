package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudienceDecisionTest {

    private static final String LOCATION = "https://calendar.example.com";

    /** audience param ('-' none) | resource param ('-' none) | ceiling | outcome ('ok' or refusal reason). */
    @ParameterizedTest(name = "audience {0}, resource {1}, ceiling [{2}] → {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-            | -                              | calendar-api mail-api | ok",
                "calendar-api | -                              | calendar-api          | ok",
                "-            | https://calendar.example.com   | calendar-api          | ok",
                "calendar-api | https://calendar.example.com   | calendar-api          | ok",
                "mail-api     | -                              | calendar-api mail-api | audience_not_granted",
                "Calendar-API | -                              | calendar-api          | audience_not_granted",
                "-            | https://mail.example.com       | calendar-api          | resource_not_granted",
                "-            | https://calendar.example.com/x | calendar-api          | resource_not_granted",
                "-            | -                              | mail-api              | audience_no_longer_allowed",
                "calendar-api | -                              | ''                    | audience_no_longer_allowed"
            })
    void theTargetIsTheApprovedAudienceStillOnTheCeiling(
            String audience, String resource, String ceiling, String outcome) {
        Optional<String> aud = audience.equals("-") ? Optional.empty() : Optional.of(audience);
        Optional<String> res = resource.equals("-") ? Optional.empty() : Optional.of(resource);
        Set<String> allowed = ceiling.isBlank() ? Set.of() : Set.of(ceiling.split(" "));
        if (outcome.equals("ok")) {
            assertThatCode(() -> AudienceDecision.check("calendar-api", LOCATION, allowed, aud, res))
                    .doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> AudienceDecision.check("calendar-api", LOCATION, allowed, aud, res))
                    .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                        assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_TARGET);
                        assertThat(refusal.reason()).isEqualTo(outcome);
                    });
        }
    }
}
