package dev.agentgrant.keycloak.attestation.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.intoto.TrustedKey;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * JWK parsing as the trust material of an attestation source reaches it — an inline or fetched JWK Set (RFC 7517
 * §5), a SPIFFE trust bundle, PEM blocks — and the in-toto source's reading of each key: the result holds public
 * signature keys only, at most {@value TrustMaterial#MAX_KEYS}, no kid twice; every other outcome is an
 * {@link EvidenceRejected} with reason {@value TrustMaterial#INVALID}. An accepted set, published again, reads back
 * to the same keys.
 */
class TrustMaterialFuzzTest {

    @FuzzTest
    void jwks(byte[] input) throws EvidenceRejected {
        JWKSet keys;
        try {
            keys = TrustMaterial.parseJwks(new String(input, StandardCharsets.UTF_8));
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isEqualTo(TrustMaterial.INVALID);
            return;
        }
        checkSignatureKeys(keys);
        assertThat(TrustMaterial.parseJwks(keys.toString()).getKeys()).isEqualTo(keys.getKeys());
        readAsInTotoKeys(keys);
    }

    @FuzzTest
    void spiffeBundle(byte[] input) {
        JWKSet keys;
        try {
            keys = TrustMaterial.parseSpiffeBundle(new String(input, StandardCharsets.UTF_8));
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isEqualTo(TrustMaterial.INVALID);
            return;
        }
        checkSignatureKeys(keys);
        keys.getKeys().forEach(key -> assertThat(key.getKeyID()).isNotEmpty());
    }

    /** PEM as an attestation source's trust material and as an in-toto source's one trusted key: two readers. */
    @FuzzTest
    void pem(byte[] input) {
        String pem = new String(input, StandardCharsets.UTF_8);
        try {
            assertThat(TrustedKey.fromPem("fuzz", pem)).isNotNull();
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
        }
        JWKSet keys;
        try {
            keys = TrustMaterial.parsePem(pem);
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isEqualTo(TrustMaterial.INVALID);
            return;
        }
        checkSignatureKeys(keys);
    }

    private static void checkSignatureKeys(JWKSet keys) {
        assertThat(keys.getKeys()).isNotEmpty().hasSizeLessThanOrEqualTo(TrustMaterial.MAX_KEYS);
        Set<String> kids = new HashSet<>();
        for (JWK key : keys.getKeys()) {
            assertThat(key.isPrivate()).isFalse();
            if (key.getKeyID() != null) {
                assertThat(kids.add(key.getKeyID()))
                        .as("kid %s once", key.getKeyID())
                        .isTrue();
            }
        }
    }

    private static void readAsInTotoKeys(JWKSet keys) {
        for (JWK key : keys.getKeys()) {
            try {
                assertThat(TrustedKey.fromJwk(key)).isNotNull();
            } catch (EvidenceRejected rejected) {
                assertThat(rejected.reason()).isNotBlank();
            }
        }
    }
}
