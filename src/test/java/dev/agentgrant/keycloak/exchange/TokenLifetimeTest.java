package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenLifetimeTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00.250Z");

    /** agent lifespan ('-' unset) | grant expires in | identity evidence expires in ('-' none) | token lives (s) or '!'. */
    @ParameterizedTest(name = "lifespan {0}, grant +{1}s, evidence +{2}s → {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-    | 3600 | -    | 299",
                "-    | 3600 | 3600 | 299",
                "600  | 3600 | -    | 599",
                "0    | 3600 | -    | 299",
                "-    | 120  | -    | 119",
                "-    | 3600 | 90   | 89",
                "600  | 200  | 100  | 99",
                "-    | 3600 | 31   | 30",
                "-    | 3600 | 30   | !",
                "-    | 20   | -    | !",
                "10   | 3600 | -    | !"
            })
    void expiresAtTheEarliestBoundAndRefusesUnderThirtySeconds(
            String lifespan, long grant, String identity, String lives) throws ExchangeRefusal {
        Optional<Duration> agentLifespan =
                lifespan.equals("-") ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(lifespan)));
        Optional<Instant> identityExpiry =
                identity.equals("-") ? Optional.empty() : Optional.of(NOW.plusSeconds(Long.parseLong(identity)));
        if (lives.equals("!")) {
            assertThatThrownBy(() -> TokenLifetime.expiry(NOW, agentLifespan, NOW.plusSeconds(grant), identityExpiry))
                    .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                        assertThat(refusal.error()).isEqualTo(OAuthError.INVALID_GRANT);
                        assertThat(refusal.reason()).isEqualTo("token_lifetime_too_short");
                    });
        } else {
            Instant expiry = TokenLifetime.expiry(NOW, agentLifespan, NOW.plusSeconds(grant), identityExpiry);
            // Whole seconds (RFC 7519 NumericDate), rounded down so that no bound is ever exceeded.
            assertThat(expiry.getNano()).isZero();
            assertThat(Duration.between(NOW, expiry).toSeconds()).isEqualTo(Long.parseLong(lives));
        }
    }
}
