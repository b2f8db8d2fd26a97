package dev.agentgrant.keycloak.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** RFC 6238 Appendix B, SHA1 column: the last six of the eight digits listed there. */
    @ParameterizedTest(name = "T = {0}")
    @CsvSource({"59,287082", "1111111109,081804", "1111111111,050471", "1234567890,005924", "2000000000,279037"})
    void codesMatchTheRfcTestVectors(long epochSecond, String expected) {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

        assertThat(Totp.code(secret, epochSecond)).isEqualTo(expected);
    }

    /** Keycloak refuses a code used once already, so a second sign-in within the step gets the next step's code. */
    @Test
    void unusedCodesNeverRepeatAStep() {
        byte[] secret = "unused-codes-never-repeat".getBytes(StandardCharsets.US_ASCII);
        long before = Instant.now().getEpochSecond() / 30;

        String first = Totp.unused(secret);
        String second = Totp.unused(secret);

        long after = Instant.now().getEpochSecond() / 30;
        assertThat(first).isIn(Totp.code(secret, before * 30), Totp.code(secret, after * 30));
        assertThat(second)
                .isIn(Totp.code(secret, (before + 1) * 30), Totp.code(secret, (after + 1) * 30))
                .isNotEqualTo(first);
    }
}
