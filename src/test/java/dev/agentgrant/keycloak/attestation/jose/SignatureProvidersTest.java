package dev.agentgrant.keycloak.attestation.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * ES256 verification with Bouncy Castle registered, as inside Keycloak: the same signatures verify and the same
 * forgeries are refused as with the JDK's provider.
 */
class SignatureProvidersTest {

    private final TestKeys key = TestKeys.p256();
    private final TestKeys other = TestKeys.p256();

    private void verify(String compact) throws EvidenceRejected {
        StrictJws.parse(compact, 10_000, Set.of(JWSAlgorithm.ES256)).verifySignature(key.publicJwk());
    }

    private void withBouncyCastle(ThrowingRunnable check) throws Exception {
        boolean added = Security.getProvider(SignatureProviders.BOUNCY_CASTLE) == null;
        if (added) {
            Security.addProvider(new BouncyCastleProvider());
        }
        try {
            assertThat(SignatureProviders.ecdsa()).map(p -> p.getName()).contains("BC");
            check.run();
        } finally {
            if (added) {
                Security.removeProvider(SignatureProviders.BOUNCY_CASTLE);
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
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
}
