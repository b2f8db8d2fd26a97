package dev.agentgrant.keycloak.attestation.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.PublicKeyVerifiers;
import dev.agentgrant.keycloak.attestation.jose.StrictJws;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.testing.OpensslCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PEM public keys and certificates as the {@code openssl} CLI writes them (RFC 7468). The fixtures are generated
 * per run; the tests need {@code openssl} on the PATH and fail, not skip, without it.
 */
class PemTrustMaterialTest {

    @TempDir
    static Path dir;

    private static String ecPublic;
    private static String rsaPublic;
    private static String edPublic;
    private static String ecCertificate;
    private static String ecPrivate;

    @BeforeAll
    static void generateKeysWithOpenssl() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key");
        openssl("genpkey", "-algorithm", "ed25519", "-out", "ed.key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa1024.key");
        openssl("genpkey", "-algorithm", "x25519", "-out", "x25519.key");
        openssl("genpkey", "-algorithm", "ed448", "-out", "ed448.key");
        for (String name : List.of("ec", "rsa", "ed", "rsa1024", "x25519", "ed448")) {
            openssl("pkey", "-in", name + ".key", "-pubout", "-out", name + ".pub");
        }
        openssl(
                "req",
                "-x509",
                "-new",
                "-key",
                "ec.key",
                "-subj",
                "/CN=attestation-test",
                "-days",
                "1",
                "-out",
                "ec.crt");
        ecPublic = read("ec.pub");
        rsaPublic = read("rsa.pub");
        edPublic = read("ed.pub");
        ecCertificate = read("ec.crt");
        ecPrivate = read("ec.key");
    }

    private static void openssl(String... args) {
        OpensslCli.run(dir, args);
    }

    private static String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void opensslPublicKeysOfEveryAcceptedTypeAreRead() throws EvidenceRejected {
        JWKSet set = TrustMaterial.parsePem(ecPublic + rsaPublic + "\n\n" + edPublic.replace("\n", "\r\n"));

        assertThat(set.getKeys()).hasSize(3);
        assertThat(set.getKeys().get(0)).isInstanceOf(ECKey.class);
        assertThat(set.getKeys().get(1)).isInstanceOf(RSAKey.class);
        assertThat(set.getKeys().get(2)).isInstanceOf(OctetKeyPair.class);
        assertThat(set.getKeys()).noneMatch(JWK::isPrivate);
    }

    @Test
    void eachKeyIsNamedByItsThumbprint() throws Exception {
        for (JWK key : TrustMaterial.parsePem(ecPublic + rsaPublic + edPublic).getKeys()) {
            assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        }
    }

    @Test
    void aJwsSignedWithTheOpensslPrivateKeyVerifiesWithTheParsedPublicKey() throws Exception {
        for (String[] pair :
                new String[][] {{"ec", "ES256", "EC"}, {"rsa", "RS256", "RSA"}, {"ed", "EdDSA", "Ed25519"}}) {
            JWK key = TrustMaterial.parsePem(read(pair[0] + ".pub")).getKeys().get(0);
            PrivateKey signer = privateKey(read(pair[0] + ".key"), pair[2]);
            String jws = TestJws.sign(Map.of("alg", pair[1]), Map.of("sub", "agent"), signer);

            StrictJws.parse(jws, 16_384, PublicKeyVerifiers.SUPPORTED).verifySignature(key);
        }
    }

    @Test
    void theSignatureCheckIsRealAnotherKeyDoesNotVerify() throws Exception {
        JWK ec = TrustMaterial.parsePem(ecPublic).getKeys().get(0);
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
        String jws = TestJws.sign(Map.of("alg", "ES256"), Map.of("sub", "agent"), privateKey(read("other.key"), "EC"));

        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class,
                () -> StrictJws.parse(jws, 16_384, Set.of(JWSAlgorithm.ES256)).verifySignature(ec));

        assertThat(rejection.reason()).isEqualTo("bad_signature");
    }

    @Test
    void aCertificateContributesItsSubjectPublicKey() throws EvidenceRejected {
        JWK fromCertificate = TrustMaterial.parsePem(ecCertificate).getKeys().get(0);
        JWK fromPublicKey = TrustMaterial.parsePem(ecPublic).getKeys().get(0);

        assertThat(fromCertificate.toJSONObject()).isEqualTo(fromPublicKey.toJSONObject());
    }

    private static PrivateKey privateKey(String pem, String algorithm) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    record Case(String name, String pem, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> refused() throws IOException {
        String body = ecPublic.strip();
        String[] lines = body.split("\n");
        return Stream.of(
                new Case("a private key", ecPrivate, "is a private key (PRIVATE KEY)"),
                new Case("a private key after a public one", ecPublic + ecPrivate, "PEM block 2 is a private key"),
                new Case("an RSA key of 1024 bits", read("rsa1024.pub"), "RSA key of 1024 bits"),
                new Case("an X25519 key-agreement key", read("x25519.pub"), "not an RSA, EC or Ed25519"),
                new Case("an Ed448 key", read("ed448.pub"), "not an RSA, EC or Ed25519"),
                new Case("the same key twice", ecPublic + ecPublic, "two keys with kid"),
                new Case(
                        "a PKCS#1 RSA PUBLIC KEY",
                        "-----BEGIN RSA PUBLIC KEY-----\nAQAB\n-----END RSA PUBLIC KEY-----\n",
                        "PKCS#1"),
                new Case(
                        "an unknown label",
                        body.replace("PUBLIC KEY", "X509 CRL"),
                        "accepted: PUBLIC KEY, CERTIFICATE"),
                new Case("explanatory text", "Subject: CN=agent\n" + ecPublic, "outside a -----BEGIN"),
                new Case(
                        "no END line",
                        ecPublic.replace("-----END PUBLIC KEY-----", ""),
                        "has no -----END PUBLIC KEY-----"),
                new Case(
                        "mismatched END label",
                        ecPublic.replace("END PUBLIC KEY", "END CERTIFICATE"),
                        "ends as CERTIFICATE"),
                new Case(
                        "encrypted-PEM headers",
                        lines[0] + "\nProc-Type: 4,ENCRYPTED\n"
                                + String.join("\n", List.of(lines).subList(1, lines.length)),
                        "not base64"),
                new Case("broken base64", lines[0] + "\nAAA=\nAAAA\n" + lines[lines.length - 1], "not valid base64"),
                new Case("an empty block", lines[0] + "\n" + lines[lines.length - 1], "is empty"),
                new Case(
                        "garbage DER",
                        lines[0] + "\nAAAAAAAA\n" + lines[lines.length - 1],
                        "not an RSA, EC or Ed25519"),
                new Case(
                        "a certificate block holding a public key",
                        ecPublic.replace("PUBLIC KEY", "CERTIFICATE"),
                        "not a DER X.509 certificate"),
                new Case("no PEM at all", "\n\n", "is empty"),
                new Case("101 blocks", ecPublic.repeat(101), "More than 100 PEM blocks"),
                new Case("over 256 KiB", "\n".repeat(TrustMaterial.MAX_LENGTH) + ecPublic, "exceeds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void pemIsRefused(Case c) {
        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> TrustMaterial.parsePem(c.pem()));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason()).isEqualTo(TrustMaterial.INVALID);
        assertThat(rejection.getMessage()).as(c.name()).contains(c.detail());
    }
}
