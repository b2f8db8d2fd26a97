package dev.agentgrant.keycloak.attestation.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * Which provider verifies which signatures, and ES256 and Ed25519 verification with Bouncy Castle registered, as
 * inside Keycloak: the same signatures verify and the same forgeries are refused as with the JDK's provider.
 */
class SignatureProvidersTest {

    private final TestKeys key = TestKeys.p256();
    private final TestKeys other = TestKeys.p256();

    private void verify(String compact) throws EvidenceRejected {
        StrictJws.parse(compact, 10_000, Set.of(JWSAlgorithm.ES256)).verifySignature(key.publicJwk());
    }

    private void withBouncyCastle(WithBouncyCastle.Check check) throws Exception {
        WithBouncyCastle.run(() -> {
            assertThat(SignatureProviders.ecdsa()).map(p -> p.getName()).contains("BC");
            check.run();
        });
    }

    @Test
    void withBouncyCastleAGenuineSignatureVerifiesAndForgeriesDoNot() throws Exception {
        withBouncyCastle(() -> {
            String header = TestJws.b64("{\"alg\":\"ES256\"}");
            String payload = TestJws.b64("{\"sub\":\"x\"}");
            String input = header + "." + payload;
            verify(TestJws.sign(
                    Map.of("alg", "ES256"), Map.of("sub", "x"), key.pair().getPrivate()));

            for (String forged : new String[] {
                input + "." + TestJws.b64(new byte[64]), // r = s = 0
                input + "."
                        + TestJws.b64(TestJws.derEcdsa(
                                key.pair().getPrivate(), input.getBytes(StandardCharsets.US_ASCII))), // DER, not r||s
                TestJws.sign(
                        Map.of("alg", "ES256"), Map.of("sub", "x"), other.pair().getPrivate())
            }) {
                assertThatThrownBy(() -> verify(forged))
                        .isInstanceOf(EvidenceRejected.class)
                        .hasMessageContaining("does not verify");
            }
        });
    }

    @Test
    void withoutBouncyCastleTheJdksProviderVerifies() throws Exception {
        if (Security.getProvider(SignatureProviders.BOUNCY_CASTLE) != null) {
            withBouncyCastle(() -> {});
            return;
        }
        assertThat(SignatureProviders.ecdsa()).isEmpty();
        verify(TestJws.sign(
                Map.of("alg", "ES256"), Map.of("sub", "x"), key.pair().getPrivate()));
    }

    @Test
    void bouncyCastleWhenRegisteredVerifiesEcdsaAndEdDsaAndTheJdkRsa() {
        Provider bouncyCastle = new BouncyCastleProvider();
        assertThat(SignatureProviders.choose(SignatureProviders.Family.ECDSA, Optional.of(bouncyCastle)))
                .containsSame(bouncyCastle);
        assertThat(SignatureProviders.choose(SignatureProviders.Family.EDDSA, Optional.of(bouncyCastle)))
                .containsSame(bouncyCastle);
        assertThat(SignatureProviders.choose(SignatureProviders.Family.RSA, Optional.of(bouncyCastle)))
                .isEmpty();
        for (SignatureProviders.Family family : SignatureProviders.Family.values()) {
            assertThat(SignatureProviders.choose(family, Optional.empty())).isEmpty();
        }
    }

    @Test
    void bouncyCastleKnowsFixedLengthEcdsaUnderItsOwnName() {
        Provider bouncyCastle = new BouncyCastleProvider();
        assertThat(SignatureProviders.nameIn(bouncyCastle, "SHA256withECDSAinP1363Format"))
                .isEqualTo("SHA256withPLAIN-ECDSA");
        assertThat(SignatureProviders.nameIn(bouncyCastle, "SHA384withECDSAinP1363Format"))
                .isEqualTo("SHA384withPLAIN-ECDSA");
        assertThat(SignatureProviders.nameIn(bouncyCastle, "SHA256withECDSA")).isEqualTo("SHA256withECDSA");
        assertThat(SignatureProviders.nameIn(bouncyCastle, "Ed25519")).isEqualTo("Ed25519");
        assertThat(SignatureProviders.nameIn(Security.getProvider("SunEC"), "SHA256withECDSAinP1363Format"))
                .isEqualTo("SHA256withECDSAinP1363Format");
    }

    @Test
    void eachFamilysSignatureComesFromItsProvider() throws Exception {
        withBouncyCastle(() -> {
            assertThat(SignatureProviders.signature(SignatureProviders.Family.ECDSA, "SHA256withECDSAinP1363Format")
                            .getProvider()
                            .getName())
                    .isEqualTo("BC");
            assertThat(SignatureProviders.signature(SignatureProviders.Family.EDDSA, "Ed25519")
                            .getProvider()
                            .getName())
                    .isEqualTo("BC");
            assertThat(SignatureProviders.signature(SignatureProviders.Family.RSA, "SHA256withRSA")
                            .getProvider()
                            .getName())
                    .isNotEqualTo("BC");
        });
    }

    @Test
    void withBouncyCastleAGenuineEd25519SignatureVerifiesAndForgeriesDoNot() throws Exception {
        TestKeys ed = TestKeys.ed25519();
        TestKeys otherEd = TestKeys.ed25519();
        withBouncyCastle(() -> {
            Map<String, String> header = Map.of("alg", "EdDSA");
            Map<String, String> payload = Map.of("sub", "x");
            String genuine = TestJws.sign(header, payload, ed.pair().getPrivate());
            StrictJws.parse(genuine, 10_000, Set.of(JWSAlgorithm.EdDSA)).verifySignature(ed.publicJwk());

            String input = genuine.substring(0, genuine.lastIndexOf('.'));
            for (String forged : new String[] {
                input + "." + TestJws.b64(new byte[64]),
                input + "." + TestJws.b64(new byte[63]),
                TestJws.sign(header, payload, otherEd.pair().getPrivate())
            }) {
                assertThatThrownBy(() -> StrictJws.parse(forged, 10_000, Set.of(JWSAlgorithm.EdDSA))
                                .verifySignature(ed.publicJwk()))
                        .isInstanceOf(EvidenceRejected.class)
                        .hasMessageContaining("does not verify");
            }
        });
    }

    @Test
    void keysAreHeldInTheVerifyingProvidersOwnForm() throws Exception {
        PublicKey ec = key.pair().getPublic();
        PublicKey ed = TestKeys.ed25519().pair().getPublic();
        PublicKey rsa = TestKeys.rsa(2048).pair().getPublic();
        withBouncyCastle(() -> {
            PublicKey ecOwn = SignatureProviders.ownKey(SignatureProviders.Family.ECDSA, ec);
            assertThat(ecOwn.getClass().getName()).startsWith("org.bouncycastle.");
            assertThat(ecOwn.getEncoded()).isEqualTo(ec.getEncoded());
            PublicKey edOwn = SignatureProviders.ownKey(SignatureProviders.Family.EDDSA, ed);
            assertThat(edOwn.getClass().getName()).startsWith("org.bouncycastle.");
            assertThat(edOwn.getEncoded()).isEqualTo(ed.getEncoded());
            assertThat(SignatureProviders.ownKey(SignatureProviders.Family.RSA, rsa))
                    .isSameAs(rsa);
        });
        if (Security.getProvider(SignatureProviders.BOUNCY_CASTLE) == null) {
            assertThat(SignatureProviders.ownKey(SignatureProviders.Family.ECDSA, ec))
                    .isSameAs(ec);
        }
    }
}
