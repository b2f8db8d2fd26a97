package dev.agentgrant.keycloak.attestation.jose;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;

/**
 * Compact JWS parsing under the rules of {@link StrictJws} (RFC 8725 §2–3): any text either parses into a JWS whose
 * header the rules allow, or is an {@link EvidenceRejected}; never another exception. Seeds: tokens the unit tests
 * build, in {@code StrictJwsFuzzTestInputs/compactJws}.
 */
class StrictJwsFuzzTest {

    private static final int MAX_LENGTH = 20_000;

    @FuzzTest
    void compactJws(byte[] input) {
        String compact = new String(input, StandardCharsets.UTF_8);
        StrictJws jws;
        try {
            jws = StrictJws.parse(compact, MAX_LENGTH, PublicKeyVerifiers.SUPPORTED);
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return;
        }
        assertThat(PublicKeyVerifiers.SUPPORTED).contains(jws.algorithm());
        assertThat(jws.header().getIncludedParams()).isSubsetOf("alg", "kid", "typ", "x5t", "x5t#S256");
        assertThat(jws.payload()).isNotNull();
        // Parsing is a function of the text: a second parse sees the same header and payload.
        try {
            StrictJws again = StrictJws.parse(compact, MAX_LENGTH, PublicKeyVerifiers.SUPPORTED);
            assertThat(again.payload()).isEqualTo(jws.payload());
            assertThat(again.keyId()).isEqualTo(jws.keyId());
        } catch (EvidenceRejected e) {
            throw new AssertionError("An accepted JWS is refused on a second parse", e);
        }
    }
}
