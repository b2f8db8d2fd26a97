package dev.agentgrant.keycloak.attestation.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.security.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** Verifiers are built once per key, algorithm and provider, never answer for another key, and stay bounded. */
class BuiltVerifiersTest {

    private final BuiltVerifiers built = new BuiltVerifiers();
    private final AtomicInteger builds = new AtomicInteger();
    private final TestKeys key = TestKeys.p256();

    private JWSVerifier get(JWK jwk, JWSAlgorithm algorithm, Optional<Provider> provider) throws EvidenceRejected {
        return built.get(jwk, algorithm, provider, () -> {
            builds.incrementAndGet();
            try {
                return new ECDSAVerifier((ECKey) jwk);
            } catch (JOSEException e) {
                throw new EvidenceRejected("invalid_key", e.getMessage());
            }
        });
    }

    @Test
    void aKeyThatComesBackIsBuiltOnce() throws EvidenceRejected {
        JWSVerifier first = get(key.publicJwk(), JWSAlgorithm.ES256, Optional.empty());
        JWSVerifier again = get(key.publicJwk(), JWSAlgorithm.ES256, Optional.empty());

        assertThat(again).isSameAs(first);
        assertThat(builds).hasValue(1);
    }

    @Test
    void theSameKeyMaterialWithOtherMetadataIsTheSameEntry() throws EvidenceRejected {
        ECKey withKid = new ECKey.Builder((ECKey) key.publicJwk())
                .keyID("k-1")
                .keyUse(KeyUse.SIGNATURE)
                .build();

        assertThat(BuiltVerifiers.entryName(withKid, JWSAlgorithm.ES256, Optional.empty()))
                .isEqualTo(BuiltVerifiers.entryName(key.publicJwk(), JWSAlgorithm.ES256, Optional.empty()));
    }

    @Test
    void anotherKeyAlgorithmOrProviderIsAnotherEntry() throws EvidenceRejected {
        TestKeys other = TestKeys.p256();
        String name = BuiltVerifiers.entryName(key.publicJwk(), JWSAlgorithm.ES256, Optional.empty());

        assertThat(BuiltVerifiers.entryName(other.publicJwk(), JWSAlgorithm.ES256, Optional.empty()))
                .isNotEqualTo(name);
        assertThat(BuiltVerifiers.entryName(key.publicJwk(), JWSAlgorithm.ES384, Optional.empty()))
                .isNotEqualTo(name);
        assertThat(BuiltVerifiers.entryName(
                        key.publicJwk(), JWSAlgorithm.ES256, Optional.of(new BouncyCastleProvider())))
                .isNotEqualTo(name);
        assertThat(BuiltVerifiers.entryName(TestKeys.ed25519().publicJwk(), JWSAlgorithm.EdDSA, Optional.empty()))
                .startsWith("EdDSA - OKP Ed25519 ");
        assertThat(BuiltVerifiers.entryName(TestKeys.rsa(2048).publicJwk(), JWSAlgorithm.RS256, Optional.empty()))
                .startsWith("RS256 - RSA ");

        JWSVerifier mine = get(key.publicJwk(), JWSAlgorithm.ES256, Optional.empty());
        JWSVerifier theirs = get(other.publicJwk(), JWSAlgorithm.ES256, Optional.empty());
        assertThat(theirs).isNotSameAs(mine);
        assertThat(builds).hasValue(2);
    }

    @Test
    void aKeyThatFailsToBuildIsNotKept() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> built.get(key.publicJwk(), JWSAlgorithm.ES256, Optional.empty(), () -> {
                        builds.incrementAndGet();
                        throw new EvidenceRejected("invalid_key", "not on its curve");
                    }))
                    .isInstanceOf(EvidenceRejected.class);
        }
        assertThat(builds).hasValue(2);
        assertThat(built.size()).isZero();
    }

    @Test
    void manyKeysCostMemoryOnlyUpToTheBound() throws EvidenceRejected {
        TestKeys[] keys = new TestKeys[BuiltVerifiers.MAX_ENTRIES + 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = TestKeys.p256();
            get(keys[i].publicJwk(), JWSAlgorithm.ES256, Optional.empty());
            assertThat(built.size()).isBetween(1, BuiltVerifiers.MAX_ENTRIES);
        }
        // The map was emptied when it was full: the last key is kept, the first is built again.
        assertThat(built.size()).isEqualTo(1);
        get(keys[keys.length - 1].publicJwk(), JWSAlgorithm.ES256, Optional.empty());
        assertThat(builds).hasValue(keys.length);
        get(keys[0].publicJwk(), JWSAlgorithm.ES256, Optional.empty());
        assertThat(builds).hasValue(keys.length + 1);
    }

    @Test
    void aKeptVerifierStillRefusesAnotherKeysSignature() throws Exception {
        TestKeys other = TestKeys.p256();
        String genuine = TestJws.sign(
                Map.of("alg", "ES256"), Map.of("sub", "x"), key.pair().getPrivate());
        String forged = TestJws.sign(
                Map.of("alg", "ES256"), Map.of("sub", "x"), other.pair().getPrivate());
        for (int i = 0; i < 2; i++) {
            StrictJws.parse(genuine, 10_000, Set.of(JWSAlgorithm.ES256)).verifySignature(key.publicJwk());
            assertThatThrownBy(() -> StrictJws.parse(forged, 10_000, Set.of(JWSAlgorithm.ES256))
                            .verifySignature(key.publicJwk()))
                    .isInstanceOf(EvidenceRejected.class)
                    .hasMessageContaining("does not verify");
        }
    }
}
