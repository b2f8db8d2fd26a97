package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.testing.OpensslCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelopes signed by an independent implementation: the OpenSSL command line signs the PAE bytes with keys it
 * generated, and the verifier trusts only the PEM public keys {@code openssl pkey -pubout} wrote. This pins the
 * formats real signers produce (DER ECDSA, raw Ed25519, RSA PKCS#1 v1.5 and PSS) rather than the JDK's view of
 * them. The OpenSSL CLI is a test prerequisite: without it these tests fail, they are not skipped.
 */
class OpensslInteropTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String TYPE = InTotoVerifier.PAYLOAD_TYPE;

    @TempDir
    Path dir;

    @Test
    void acceptsAnEcdsaP256SignatureFromOpensslDgst() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");

        byte[] sig = signWithDgst("key.pem");

        assertThat(sig[0])
                .as("openssl writes ECDSA signatures as a DER SEQUENCE")
                .isEqualTo((byte) 0x30);
        assertAcceptedAndForgeryRefused(TrustedKey.fromPem("ci-ec", publicPem("key.pem")), "ci-ec", sig);
    }

    @Test
    void acceptsAnEd25519SignatureFromOpensslPkeyutl() throws Exception {
        openssl("genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
        Files.write(dir.resolve("pae.bin"), Pae.encode(TYPE, payload()));

        openssl("pkeyutl", "-sign", "-rawin", "-inkey", "ed.pem", "-in", "pae.bin", "-out", "sig.bin");
        byte[] sig = Files.readAllBytes(dir.resolve("sig.bin"));

        assertThat(sig).hasSize(64);
        assertAcceptedAndForgeryRefused(TrustedKey.fromPem("ci-ed", publicPem("ed.pem")), null, sig);
    }

    @Test
    void acceptsRsaPkcs1AndPssSignaturesFromOpensslDgstUnderTheDeclaredScheme() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem");
        String pem = publicPem("rsa.pem");

        byte[] pkcs1 = signWithDgst("rsa.pem");
        assertAcceptedAndForgeryRefused(TrustedKey.fromPem("ci-rsa", pem), "ci-rsa", pkcs1);

        byte[] pss = signWithDgst("rsa.pem", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32");
        assertAcceptedAndForgeryRefused(
                TrustedKey.fromPem("ci-rsa", pem, SignatureScheme.RSA_PSS_SHA256), "ci-rsa", pss);
        // A key declared for PKCS#1 v1.5 does not accept PSS signatures, and the other way round.
        assertThat(reason(TrustedKey.fromPem("ci-rsa", pem), "ci-rsa", pss, payload()))
                .isEqualTo("insufficient_signatures");
        assertThat(reason(
                        TrustedKey.fromPem("ci-rsa", pem, SignatureScheme.RSA_PSS_SHA256), "ci-rsa", pkcs1, payload()))
                .isEqualTo("insufficient_signatures");
    }

    private void assertAcceptedAndForgeryRefused(TrustedKey key, String keyId, byte[] sig) throws EvidenceRejected {
        VerifiedEvidence evidence =
                verifier(key).verify("ci", TestDsse.envelope(TYPE, payload(), List.of(TestDsse.signature(keyId, sig))));
        assertThat(evidence.facts())
                .containsEntry("subject_digests", "sha256:" + "a".repeat(64))
                .containsEntry("source_repository", "https://github.com/acme/agent");

        byte[] forged = new String(payload(), StandardCharsets.UTF_8)
                .replace("refs/heads/main", "refs/heads/evil")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(forged).isNotEqualTo(payload());
        assertThat(reason(key, keyId, sig, forged)).isEqualTo("insufficient_signatures");
    }

    private static String reason(TrustedKey key, String keyId, byte[] sig, byte[] payload) {
        String envelope = TestDsse.envelope(TYPE, payload, List.of(TestDsse.signature(keyId, sig)));
        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> verifier(key).verify("ci", envelope));
        assertThat(rejection).as("expected a rejection").isNotNull();
        return rejection.reason();
    }

    private static InTotoVerifier verifier(TrustedKey key) {
        return new InTotoVerifier(
                new InTotoVerifier.Settings(List.of(key), 1, Set.of(SlsaProvenance.PREDICATE_TYPE), Duration.ofDays(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static byte[] payload() {
        return TestDsse.utf8(TestDsse.json(TestDsse.slsaStatement("2026-11-28T11:30:00Z")));
    }

    /** {@code openssl dgst -sha256 -sign key -out sig.der pae.bin}, over the PAE of {@link #payload()}. */
    private byte[] signWithDgst(String key, String... options) throws IOException {
        Files.write(dir.resolve("pae.bin"), Pae.encode(TYPE, payload()));
        List<String> args = new ArrayList<>(List.of("dgst", "-sha256", "-sign", key));
        args.addAll(List.of(options));
        args.addAll(List.of("-out", "sig.der", "pae.bin"));
        openssl(args.toArray(String[]::new));
        return Files.readAllBytes(dir.resolve("sig.der"));
    }

    private String publicPem(String key) throws IOException {
        openssl("pkey", "-in", key, "-pubout", "-out", key + ".pub");
        String pem = Files.readString(dir.resolve(key + ".pub"));
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        return pem;
    }

    private void openssl(String... args) {
        OpensslCli.run(dir, args);
    }
}
