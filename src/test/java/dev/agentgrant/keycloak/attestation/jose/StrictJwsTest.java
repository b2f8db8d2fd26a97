package dev.agentgrant.keycloak.attestation.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrictJwsTest {

    private final TestKeys key = TestKeys.p256();

    @Test
    void nestingFarBeyondAnyTokenLimitIsRefusedWithoutExhaustingTheStack() {
        // RFC 8259 §9 (bounded nesting): 100 000 '[' — far past the token-size limits, to prove the parser is not
        // recursive.
        String payload = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String compact = TestJws.sign(
                TestJws.json(Map.of("alg", "ES256")),
                payload,
                "ES256",
                key.pair().getPrivate());

        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class, () -> StrictJws.parse(compact, 1_000_000, Set.of(JWSAlgorithm.ES256)));

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo("malformed");
    }

    @Test
    void anAlgorithmOutsideTheCallersListIsRefusedEvenIfSupported() {
        String compact = TestJws.sign(
                Map.of("alg", "ES256"), Map.of("sub", "x"), key.pair().getPrivate());

        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class, () -> StrictJws.parse(compact, 10_000, Set.of(JWSAlgorithm.RS256)));

        assertThat(rejection.reason()).isEqualTo("unsupported_algorithm");
    }

    @Test
    void informationalCertificateThumbprintsAreTolerated() throws Exception {
        // GitHub Actions' OIDC tokens carry x5t next to kid; they are not used to pick a key.
        String compact = TestJws.sign(
                Map.of("alg", "ES256", "kid", "a1b2", "x5t", "abc", "typ", "JWT"),
                Map.of("sub", "x"),
                key.pair().getPrivate());

        StrictJws jws = StrictJws.parse(compact, 10_000, Set.of(JWSAlgorithm.ES256));
        jws.verifySignature(key.publicJwk());

        assertThat(jws.keyId()).isEqualTo("a1b2");
        assertThat(jws.hasType("jwt")).isTrue();
    }

    @Test
    void typeComparisonFollowsRfc7515() {
        assertThat(StrictJws.typeMatches("JWT", "jwt")).isTrue();
        assertThat(StrictJws.typeMatches("application/jwt", "JWT")).isTrue();
        assertThat(StrictJws.typeMatches("jwt+extra", "jwt")).isFalse();
        assertThat(StrictJws.typeMatches(null, "jwt")).isFalse();
    }
}
