package dev.agentgrant.keycloak.attestation.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtEvidenceChecksTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    private static JWK key(String kid, KeyUse use) {
        return new ECKey.Builder((ECKey) TestKeys.p256().publicJwk())
                .keyID(kid)
                .keyUse(use)
                .build();
    }

    private static String reason(ThrowingCall call) {
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, call::run);
        assertThat(rejection).isNotNull();
        return rejection.reason();
    }

    interface ThrowingCall {
        void run() throws EvidenceRejected;
    }

    @Test
    void keysForEncryptionNeverVerify() throws EvidenceRejected {
        JWK signing = key("sig-1", KeyUse.SIGNATURE);
        JWKSet keys = new JWKSet(List.of(key("enc-1", KeyUse.ENCRYPTION), signing));

        assertThat(JwtEvidenceChecks.signingKey(keys, null)).isEqualTo(signing);
        assertThat(JwtEvidenceChecks.signingKey(keys, "sig-1")).isEqualTo(signing);
        assertThat(reason(() -> JwtEvidenceChecks.signingKey(keys, "enc-1"))).isEqualTo("unknown_key");
    }

    @Test
    void aKidSharedBySeveralKeysIsRefused() {
        JWKSet keys = new JWKSet(List.of(key("k", null), key("k", null)));

        assertThat(reason(() -> JwtEvidenceChecks.signingKey(keys, "k"))).isEqualTo("unknown_key");
    }

    @Test
    void anEmptyKeySetVerifiesNothing() {
        assertThat(reason(() -> JwtEvidenceChecks.signingKey(new JWKSet(), null)))
                .isEqualTo("unknown_key");
    }

    @Test
    void theSkewIsAllowedOnEveryBoundAndNotASecondMore() throws EvidenceRejected {
        JwtEvidenceChecks.checkTimes(
                NOW, NOW.minusSeconds(15), Optional.of(NOW.minusSeconds(60)), Optional.empty(), MAX_AGE);
        JwtEvidenceChecks.checkTimes(
                NOW, NOW.plusSeconds(60), Optional.of(NOW.plusSeconds(15)), Optional.of(NOW.plusSeconds(15)), MAX_AGE);
        JwtEvidenceChecks.checkTimes(
                NOW, NOW.plusSeconds(60), Optional.of(NOW.minus(MAX_AGE).minusSeconds(15)), Optional.empty(), MAX_AGE);
        JwtEvidenceChecks.checkTimes(
                NOW, NOW.plus(MAX_AGE).plusSeconds(15), Optional.empty(), Optional.empty(), MAX_AGE);

        assertThat(reason(() -> JwtEvidenceChecks.checkTimes(
                        NOW, NOW.minusSeconds(16), Optional.of(NOW.minusSeconds(60)), Optional.empty(), MAX_AGE)))
                .isEqualTo("expired");
        assertThat(reason(() -> JwtEvidenceChecks.checkTimes(
                        NOW, NOW.plusSeconds(60), Optional.of(NOW.plusSeconds(16)), Optional.empty(), MAX_AGE)))
                .isEqualTo("not_yet_valid");
        assertThat(reason(() -> JwtEvidenceChecks.checkTimes(
                        NOW, NOW.plusSeconds(60), Optional.empty(), Optional.of(NOW.plusSeconds(16)), MAX_AGE)))
                .isEqualTo("not_yet_valid");
        assertThat(reason(() -> JwtEvidenceChecks.checkTimes(
                        NOW,
                        NOW.plusSeconds(60),
                        Optional.of(NOW.minus(MAX_AGE).minusSeconds(16)),
                        Optional.empty(),
                        MAX_AGE)))
                .isEqualTo("too_old");
        assertThat(reason(() -> JwtEvidenceChecks.checkTimes(
                        NOW, NOW.plus(MAX_AGE).plusSeconds(16), Optional.empty(), Optional.empty(), MAX_AGE)))
                .isEqualTo("lifetime_too_long");
        assertThat(reason(() -> JwtEvidenceChecks.checkTimes(NOW, NOW, Optional.of(NOW), Optional.empty(), MAX_AGE)))
                .isEqualTo("invalid_claim");
    }

    @Test
    void noCnfBindsNoKey() throws EvidenceRejected {
        assertThat(JwtEvidenceChecks.confirmationThumbprint(new Claims(Map.of("sub", "x"))))
                .isEmpty();
    }

    @Test
    void jktAndJwkNamingTheSameKeyAgree() throws Exception {
        JWK key = TestKeys.p256().publicJwk();
        String thumbprint = key.computeThumbprint().toString();

        assertThat(JwtEvidenceChecks.confirmationThumbprint(
                        new Claims(Map.of("cnf", Map.of("jkt", thumbprint, "jwk", key.toJSONObject())))))
                .contains(thumbprint);
    }

    @Test
    void jktAndJwkNamingDifferentKeysAreRefused() throws Exception {
        String other = TestKeys.p256().publicJwk().computeThumbprint().toString();
        Map<String, Object> cnf =
                Map.of("jkt", other, "jwk", TestKeys.p256().publicJwk().toJSONObject());

        assertThat(reason(() -> JwtEvidenceChecks.confirmationThumbprint(new Claims(Map.of("cnf", cnf)))))
                .isEqualTo("invalid_claim");
    }

    @Test
    void malformedConfirmationsAreRefused() {
        assertThat(reason(() -> JwtEvidenceChecks.confirmationThumbprint(new Claims(Map.of("cnf", Map.of("jkt", 42))))))
                .isEqualTo("invalid_claim");
        assertThat(reason(() -> JwtEvidenceChecks.confirmationThumbprint(
                        new Claims(Map.of("cnf", Map.of("jkt", "a".repeat(44)))))))
                .isEqualTo("invalid_claim");
        assertThat(reason(() -> JwtEvidenceChecks.confirmationThumbprint(
                        new Claims(Map.of("cnf", Map.of("jwk", "eyJrdHkiOiJFQyJ9"))))))
                .isEqualTo("invalid_key");
        assertThat(reason(() -> JwtEvidenceChecks.confirmationThumbprint(new Claims(Map.of("cnf", Map.of())))))
                .isEqualTo("invalid_claim");
        assertThat(reason(() -> JwtEvidenceChecks.confirmationThumbprint(new Claims(Map.of("cnf", List.of())))))
                .isEqualTo("invalid_claim");
    }
}
