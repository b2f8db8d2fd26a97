package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.attestation.jose.WithBouncyCastle;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which keys an in-toto source may trust, and with which signature scheme. */
class TrustedKeyTest {

    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys EC384 = TestKeys.ec("secp384r1");
    private static final TestKeys RSA = TestKeys.rsa(2048);
    private static final TestKeys ED = TestKeys.ed25519();
    /** A secp224r1 public key as {@code openssl ec -pubout} writes it: the JDK reads the curve, Nimbus has no name for it. */
    private static final String SECP224R1_PEM = """
            -----BEGIN PUBLIC KEY-----
            ME4wEAYHKoZIzj0CAQYFK4EEACEDOgAErdm3JAQwN5W9i6MkHpthw6anzBiXhmUI
            4WKyO1yukF/2eOlUim/2FavsYueo84RKwMJGa2AtDsY=
            -----END PUBLIC KEY-----
            """;

    private static final byte[] MESSAGE = TestDsse.utf8("DSSEv1 1 t 1 x");

    @Test
    void jwkKeysTakeTheirSchemeFromTheirTypeAndAlg() throws EvidenceRejected {
        assertThat(TrustedKey.fromJwk(EC.publicJwk()).scheme()).isEqualTo(SignatureScheme.ECDSA_P256_SHA256);
        assertThat(TrustedKey.fromJwk(EC384.publicJwk()).scheme()).isEqualTo(SignatureScheme.ECDSA_P384_SHA384);
        assertThat(TrustedKey.fromJwk(ED.publicJwk()).scheme()).isEqualTo(SignatureScheme.ED25519);
        assertThat(TrustedKey.fromJwk(RSA.publicJwk()).scheme()).isEqualTo(SignatureScheme.RSA_PKCS1_SHA256);
        assertThat(TrustedKey.fromJwk(new RSAKey.Builder((RSAKey) RSA.publicJwk())
                                .algorithm(JWSAlgorithm.PS256)
                                .build())
                        .scheme())
                .isEqualTo(SignatureScheme.RSA_PSS_SHA256);
        assertThat(TrustedKey.fromJwk(new ECKey.Builder((ECKey) EC.publicJwk())
                                .keyID("k-1")
                                .build())
                        .keyId())
                .contains("k-1");
    }

    @Test
    void eachSchemeVerifiesItsOwnSignaturesOnly() throws EvidenceRejected {
        eachSchemeVerifiesItsOwn();
    }

    /** Inside Keycloak, Bouncy Castle verifies the ECDSA and Ed25519 schemes: with the same answers. */
    @Test
    void withBouncyCastleEachSchemeVerifiesItsOwnSignaturesOnly() throws Exception {
        WithBouncyCastle.run(TrustedKeyTest::eachSchemeVerifiesItsOwn);
    }

    private static void eachSchemeVerifiesItsOwn() throws EvidenceRejected {
        TrustedKey ec = TrustedKey.fromJwk(EC.publicJwk());
        byte[] der = TestDsse.sign(EC.pair().getPrivate(), MESSAGE);
        assertThat(ec.verifies(MESSAGE, der)).isTrue();
        assertThat(ec.verifies(
                        MESSAGE,
                        TestDsse.sign("SHA256withECDSAinP1363Format", EC.pair().getPrivate(), MESSAGE)))
                .isTrue();
        assertThat(ec.verifies(TestDsse.utf8("DSSEv1 1 t 1 y"), der)).isFalse();
        assertThat(ec.verifies(MESSAGE, new byte[0])).isFalse();
        assertThat(ec.verifies(
                        MESSAGE, TestDsse.sign("SHA512withECDSA", EC.pair().getPrivate(), MESSAGE)))
                .isFalse();

        TrustedKey ed = TrustedKey.fromJwk(ED.publicJwk());
        assertThat(ed.verifies(MESSAGE, TestDsse.sign(ED.pair().getPrivate(), MESSAGE)))
                .isTrue();
        assertThat(ed.verifies(MESSAGE, der)).isFalse();

        TrustedKey pkcs1 = TrustedKey.fromPem("r", TestDsse.pem(RSA.pair().getPublic()));
        TrustedKey pss = TrustedKey.fromPem("r", TestDsse.pem(RSA.pair().getPublic()), SignatureScheme.RSA_PSS_SHA256);
        byte[] pkcs1Sig = TestDsse.sign(RSA.pair().getPrivate(), MESSAGE);
        byte[] pssSig = TestDsse.signPss(RSA.pair().getPrivate(), MESSAGE);
        assertThat(pkcs1.verifies(MESSAGE, pkcs1Sig)).isTrue();
        assertThat(pkcs1.verifies(MESSAGE, pssSig)).isFalse();
        assertThat(pss.verifies(MESSAGE, pssSig)).isTrue();
        assertThat(pss.verifies(MESSAGE, pkcs1Sig)).isFalse();
    }

    @Test
    void pemKeysOfEveryAcceptedTypeAreRead() throws EvidenceRejected {
        assertThat(TrustedKey.fromPem("a", TestDsse.pem(EC.pair().getPublic())).scheme())
                .isEqualTo(SignatureScheme.ECDSA_P256_SHA256);
        assertThat(TrustedKey.fromPem("b", TestDsse.pem(EC384.pair().getPublic()))
                        .scheme())
                .isEqualTo(SignatureScheme.ECDSA_P384_SHA384);
        assertThat(TrustedKey.fromPem("c", TestDsse.pem(ED.pair().getPublic())).scheme())
                .isEqualTo(SignatureScheme.ED25519);
        assertThat(TrustedKey.fromPem(null, TestDsse.pem(ED.pair().getPublic())).keyId())
                .isEmpty();
    }

    @Test
    void anEd25519JwkAndItsPemAreTheSameKey() throws EvidenceRejected {
        assertThat(TrustedKey.fromJwk(ED.publicJwk())
                        .sameKeyAs(
                                TrustedKey.fromPem("x", TestDsse.pem(ED.pair().getPublic()))))
                .isTrue();
        assertThat(TrustedKey.fromJwk(ED.publicJwk())
                        .sameKeyAs(TrustedKey.fromJwk(TestKeys.ed25519().publicJwk())))
                .isFalse();
    }

    record Case(String name, String reason, Builder build) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Builder {
        TrustedKey build() throws Exception;
    }

    static Stream<Case> rejections() throws Exception {
        KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
        KeyPair xdh = x25519.generateKeyPair();
        TestKeys rsa1024 = TestKeys.rsa(1024);
        TestKeys p521 = TestKeys.ec("secp521r1");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "JWK with a private part",
                "invalid_key",
                () -> TrustedKey.fromJwk(new ECKey.Builder((ECKey) EC.publicJwk())
                        .privateKey(EC.pair().getPrivate())
                        .build())));
        cases.add(new Case(
                "JWK marked for encryption",
                "invalid_key",
                () -> TrustedKey.fromJwk(new ECKey.Builder((ECKey) EC.publicJwk())
                        .keyUse(KeyUse.ENCRYPTION)
                        .build())));
        cases.add(new Case("RSA JWK of 1024 bits", "weak_key", () -> TrustedKey.fromJwk(rsa1024.publicJwk())));
        cases.add(new Case(
                "RSA PEM of 1024 bits",
                "weak_key",
                () -> TrustedKey.fromPem("k", TestDsse.pem(rsa1024.pair().getPublic()))));
        cases.add(new Case("EC JWK on P-521", "unsupported_key", () -> TrustedKey.fromJwk(p521.publicJwk())));
        cases.add(new Case(
                "EC PEM on P-521",
                "unsupported_key",
                () -> TrustedKey.fromPem("k", TestDsse.pem(p521.pair().getPublic()))));
        cases.add(new Case(
                "P-256 JWK declaring ES384",
                "algorithm_mismatch",
                () -> TrustedKey.fromJwk(new ECKey.Builder((ECKey) EC.publicJwk())
                        .algorithm(JWSAlgorithm.ES384)
                        .build())));
        cases.add(new Case(
                "RSA JWK declaring HS256",
                "algorithm_mismatch",
                () -> TrustedKey.fromJwk(new RSAKey.Builder((RSAKey) RSA.publicJwk())
                        .algorithm(JWSAlgorithm.HS256)
                        .build())));
        cases.add(new Case(
                "RSA JWK declaring RS512",
                "algorithm_mismatch",
                () -> TrustedKey.fromJwk(new RSAKey.Builder((RSAKey) RSA.publicJwk())
                        .algorithm(JWSAlgorithm.RS512)
                        .build())));
        cases.add(new Case(
                "OKP JWK on X25519",
                "unsupported_key",
                () -> TrustedKey.fromJwk(
                        new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(new byte[32])).build())));
        cases.add(new Case(
                "Ed25519 JWK of 31 bytes",
                "invalid_key",
                () -> TrustedKey.fromJwk(
                        new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(new byte[31])).build())));
        cases.add(new Case(
                "symmetric JWK, a secret",
                "invalid_key",
                () -> TrustedKey.fromJwk(JWK.parse("{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}"))));
        cases.add(new Case(
                "EC PEM on secp224r1, a curve JOSE does not name",
                "unsupported_key",
                () -> TrustedKey.fromPem("k", SECP224R1_PEM)));
        cases.add(new Case(
                "X25519 PEM", "unsupported_key", () -> TrustedKey.fromPem("k", TestDsse.pem(xdh.getPublic()))));
        cases.add(new Case(
                "PKCS#1 RSA PEM",
                "unsupported_key",
                () -> TrustedKey.fromPem(
                        "k", TestDsse.pem(RSA.pair().getPublic()).replace("PUBLIC KEY", "RSA PUBLIC KEY"))));
        cases.add(new Case(
                "certificate PEM",
                "unsupported_key",
                () -> TrustedKey.fromPem("k", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")));
        cases.add(new Case(
                "private key PEM",
                "unsupported_key",
                () -> TrustedKey.fromPem(
                        "k",
                        "-----BEGIN PRIVATE KEY-----\n"
                                + Base64.getEncoder()
                                        .encodeToString(EC.pair().getPrivate().getEncoded())
                                + "\n-----END PRIVATE KEY-----")));
        cases.add(new Case(
                "private key DER inside a PUBLIC KEY PEM",
                "unsupported_key",
                () -> TrustedKey.fromPem(
                        "k",
                        "-----BEGIN PUBLIC KEY-----\n"
                                + Base64.getEncoder()
                                        .encodeToString(EC.pair().getPrivate().getEncoded())
                                + "\n-----END PUBLIC KEY-----")));
        cases.add(new Case(
                "two PEM keys",
                "invalid_key",
                () -> TrustedKey.fromPem(
                        "k",
                        TestDsse.pem(EC.pair().getPublic())
                                + TestDsse.pem(ED.pair().getPublic()))));
        cases.add(new Case(
                "PEM body not base64",
                "invalid_key",
                () -> TrustedKey.fromPem("k", "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----")));
        cases.add(new Case(
                "Ed25519 scheme for an EC key",
                "algorithm_mismatch",
                () -> TrustedKey.fromPem("k", TestDsse.pem(EC.pair().getPublic()), SignatureScheme.ED25519)));
        cases.add(new Case(
                "RSA-PSS scheme for an EC key",
                "algorithm_mismatch",
                () -> TrustedKey.fromPem("k", TestDsse.pem(EC.pair().getPublic()), SignatureScheme.RSA_PSS_SHA256)));
        cases.add(new Case(
                "P-384 scheme for a P-256 key",
                "algorithm_mismatch",
                () -> TrustedKey.fromPem("k", TestDsse.pem(EC.pair().getPublic()), SignatureScheme.ECDSA_P384_SHA384)));
        cases.add(new Case(
                "key id with a space",
                "invalid_key",
                () -> TrustedKey.fromPem("a b", TestDsse.pem(EC.pair().getPublic()))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(Case c) {
        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> c.build().build());

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }
}
