package dev.agentgrant.keycloak.exchange;

import static dev.agentgrant.keycloak.exchange.DpopNonce.Verdict.EXPIRED;
import static dev.agentgrant.keycloak.exchange.DpopNonce.Verdict.FRESH;
import static dev.agentgrant.keycloak.exchange.DpopNonce.Verdict.INVALID;
import static dev.agentgrant.keycloak.exchange.DpopNonce.Verdict.MISSING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.OAuthError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DpopNonceTest {

    private static final byte[] KEY = "the realm's hmac key, shared by every node".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROTATED = "the realm's next hmac key".getBytes(StandardCharsets.UTF_8);
    private static final String AGENT = "5f0c7c1e-agent";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static DpopNonce.Verdict check(Object nonce, Instant at) {
        return DpopNonce.check(nonce, List.of(KEY), AGENT, at);
    }

    @Test
    void aNonceIsAcceptedForItsLifetimeAndTheSkewByAnyNodeHoldingTheKey() {
        String nonce = DpopNonce.issue(KEY, AGENT, NOW);

        assertThat(check(nonce, NOW)).isEqualTo(FRESH);
        assertThat(check(nonce, NOW.minusSeconds(15)))
                .as("a node whose clock is 15 s behind")
                .isEqualTo(FRESH);
        assertThat(check(nonce, NOW.plus(DpopNonce.LIFETIME).plusSeconds(15))).isEqualTo(FRESH);
        assertThat(check(nonce, NOW.plus(DpopNonce.LIFETIME).plusSeconds(16))).isEqualTo(EXPIRED);
        assertThat(check(nonce, NOW.plus(Duration.ofDays(400)))).isEqualTo(EXPIRED);
    }

    @Test
    void aNonceIssuedFurtherAheadThanTheSkewIsNotTrusted() {
        assertThat(check(DpopNonce.issue(KEY, AGENT, NOW.plusSeconds(16)), NOW)).isEqualTo(INVALID);
    }

    @Test
    void aNonceIsWrittenInNqcharsOnly() {
        // RFC 9449 §8.1: nonce = 1*NQCHAR, NQCHAR = %x21 / %x23-5B / %x5D-7E
        assertThat(DpopNonce.issue(KEY, AGENT, NOW))
                .matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")
                .hasSize(10 + 1 + 43);
    }

    @Test
    void aNonceIsBoundToItsAgentAndKey() {
        String nonce = DpopNonce.issue(KEY, AGENT, NOW);

        assertThat(DpopNonce.check(nonce, List.of(KEY), "another-agent", NOW)).isEqualTo(INVALID);
        assertThat(DpopNonce.check(nonce, List.of(ROTATED), AGENT, NOW)).isEqualTo(INVALID);
        assertThat(DpopNonce.check(nonce, List.of(), AGENT, NOW)).isEqualTo(INVALID);
    }

    @Test
    void aNonceIssuedBeforeAKeyRotationStaysValidWhileTheOldKeyIsKept() {
        String nonce = DpopNonce.issue(KEY, AGENT, NOW);

        assertThat(DpopNonce.check(nonce, List.of(ROTATED, KEY), AGENT, NOW.plusSeconds(30)))
                .isEqualTo(FRESH);
    }

    @Test
    void changingTheTimeOrTheMacMakesItInvalid() {
        String nonce = DpopNonce.issue(KEY, AGENT, NOW);
        String mac = nonce.substring(nonce.indexOf('.') + 1);
        char last = mac.charAt(mac.length() - 1);

        assertThat(check((NOW.getEpochSecond() + 60) + "." + mac, NOW.plusSeconds(60)))
                .isEqualTo(INVALID);
        assertThat(check(nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A'), NOW))
                .as("another spelling of the last character's spare bits")
                .isEqualTo(INVALID);
        int middle = nonce.length() - 20;
        assertThat(check(
                        nonce.substring(0, middle)
                                + (nonce.charAt(middle) == 'x' ? 'y' : 'x')
                                + nonce.substring(middle + 1),
                        NOW))
                .isEqualTo(INVALID);
    }

    @Test
    void aProofWithoutNonceLacksOne() {
        assertThat(check(null, NOW)).isEqualTo(MISSING);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "1772359200",
                "1772359200.",
                ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "01772359200.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "-1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "1772359200.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "1772359200.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "1772359200.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
                "9999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                " 1772359200.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "1772359200.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
            })
    void malformedNoncesAreInvalid(String nonce) {
        assertThat(check(nonce, NOW)).isEqualTo(INVALID);
    }

    @Test
    void aNonceThatIsNotAStringIsInvalid() {
        assertThat(check(NOW.getEpochSecond(), NOW)).isEqualTo(INVALID);
        assertThat(check(List.of(DpopNonce.issue(KEY, AGENT, NOW)), NOW)).isEqualTo(INVALID);
    }

    @Test
    void onlyAFreshNoncePassesTheExchange() {
        assertThatCode(() -> DpopNonce.require(FRESH)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(
            value = DpopNonce.Verdict.class,
            names = {"MISSING", "EXPIRED", "INVALID"})
    void everyOtherVerdictAsksForTheCurrentNonce(DpopNonce.Verdict verdict) {
        assertThatThrownBy(() -> DpopNonce.require(verdict)).isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
            assertThat(refusal.error()).isEqualTo(OAuthError.USE_DPOP_NONCE);
            assertThat(refusal.error().httpStatus()).isEqualTo(400);
            assertThat(refusal.reason())
                    .isEqualTo("dpop_nonce_" + verdict.name().toLowerCase(Locale.ROOT));
        });
    }
}
