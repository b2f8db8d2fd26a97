package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DSSE protocol: signatures over PAE, (t, n) thresholds, key ids as hints. */
class DsseVerifierTest {

    private static final String TYPE = InTotoVerifier.PAYLOAD_TYPE;
    private static final byte[] PAYLOAD = TestDsse.utf8("{\"_type\":\"https://in-toto.io/Statement/v1\"}");
    private static final TestKeys A = TestKeys.p256();
    private static final TestKeys B = TestKeys.ed25519();
    private static final TestKeys C = TestKeys.rsa(2048);
    private static final TestKeys STRANGER = TestKeys.p256();

    private static List<TrustedKey> keys() throws EvidenceRejected {
        return List.of(
                TrustedKey.fromJwk(
                        new ECKey.Builder((ECKey) A.publicJwk()).keyID("a").build()),
                TrustedKey.fromJwk(new OctetKeyPair.Builder((OctetKeyPair) B.publicJwk())
                        .keyID("b")
                        .build()),
                TrustedKey.fromPem("c", TestDsse.pem(C.pair().getPublic())));
    }

    private static DsseVerifier verifier(int threshold) throws EvidenceRejected {
        return new DsseVerifier(new DsseVerifier.Settings(keys(), threshold, TYPE));
    }

    private static Map<String, Object> sig(String keyId, PrivateKey key) {
        return TestDsse.signature(keyId, TestDsse.sign(key, Pae.encode(TYPE, PAYLOAD)));
    }

    private static String reason(DsseVerifier verifier, String envelope) {
        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> verifier.verify(DsseEnvelope.parse(envelope)));
        assertThat(rejection).as("expected a rejection").isNotNull();
        return rejection.reason();
    }

    @Test
    void verifiesTheSpecificationsTestVector() throws Exception {
        // DSSE protocol "Test Vectors": ECDSA P-256/SHA-256 with a raw r‖s signature.
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(
                        new ECPoint(
                                new BigInteger(
                                        "46950820868899156662930047687818585632848591499744589407958293238635476079160"),
                                new BigInteger(
                                        "5640078356564379163099075877009565129882514886557779369047442380624545832820")),
                        parameters.getParameterSpec(ECParameterSpec.class)));
        DsseVerifier verifier = new DsseVerifier(new DsseVerifier.Settings(
                List.of(TrustedKey.fromPem(null, TestDsse.pem(key))), 1, "http://example.com/HelloWorld"));
        String envelope = "{\"payload\": \"aGVsbG8gd29ybGQ=\",\n \"payloadType\": \"http://example.com/HelloWorld\",\n"
                + " \"signatures\": [{\"sig\": \"A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==\"}]}";

        assertThat(new String(verifier.verify(DsseEnvelope.parse(envelope)), StandardCharsets.US_ASCII))
                .isEqualTo("hello world");
        assertThat(reason(verifier, envelope.replace("aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGU=")))
                .isEqualTo("insufficient_signatures");
    }

    @Test
    void eachTrustedKeyTypeMeetsAThresholdOfOne() throws EvidenceRejected {
        DsseVerifier verifier = verifier(1);
        for (Map<String, Object> signature : List.of(
                sig("a", A.pair().getPrivate()),
                sig("b", B.pair().getPrivate()),
                sig("c", C.pair().getPrivate()),
                sig(null, C.pair().getPrivate()))) {
            assertThat(verifier.verify(DsseEnvelope.parse(TestDsse.envelope(TYPE, PAYLOAD, List.of(signature)))))
                    .isEqualTo(PAYLOAD);
        }
    }

    @Test
    void twoDistinctKeysMeetAThresholdOfTwo() throws EvidenceRejected {
        String envelope = TestDsse.envelope(
                TYPE,
                PAYLOAD,
                List.of(sig("a", A.pair().getPrivate()), sig(null, B.pair().getPrivate())));

        assertThat(verifier(2).verify(DsseEnvelope.parse(envelope))).isEqualTo(PAYLOAD);
    }

    @Test
    void oneKeySigningTwiceCountsOnce() throws EvidenceRejected {
        byte[] first = TestDsse.sign(A.pair().getPrivate(), Pae.encode(TYPE, PAYLOAD));
        byte[] second = TestDsse.sign(A.pair().getPrivate(), Pae.encode(TYPE, PAYLOAD));
        assertThat(first).isNotEqualTo(second);

        assertThat(reason(
                        verifier(2),
                        TestDsse.envelope(
                                TYPE,
                                PAYLOAD,
                                List.of(TestDsse.signature("a", first), TestDsse.signature("a", second)))))
                .isEqualTo("insufficient_signatures");
        assertThat(reason(
                        verifier(2),
                        TestDsse.envelope(
                                TYPE,
                                PAYLOAD,
                                List.of(TestDsse.signature("a", first), TestDsse.signature(null, second)))))
                .isEqualTo("insufficient_signatures");
        assertThat(reason(
                        verifier(2),
                        TestDsse.envelope(
                                TYPE,
                                PAYLOAD,
                                List.of(TestDsse.signature("a", first), TestDsse.signature("a", first)))))
                .isEqualTo("insufficient_signatures");
    }

    @Test
    void oneKeyUnderAnotherTrustedKeysIdDoesNotCountForEither() throws EvidenceRejected {
        // A's signature labelled "b" is skipped for A (the hint excludes it) and does not verify under B.
        assertThat(reason(
                        verifier(1),
                        TestDsse.envelope(
                                TYPE, PAYLOAD, List.of(sig("b", A.pair().getPrivate())))))
                .isEqualTo("insufficient_signatures");
        assertThat(reason(
                        verifier(2),
                        TestDsse.envelope(
                                TYPE,
                                PAYLOAD,
                                List.of(
                                        sig("a", A.pair().getPrivate()),
                                        sig("b", A.pair().getPrivate())))))
                .isEqualTo("insufficient_signatures");
    }

    @Test
    void anUntrustedKeyNeverCounts() throws EvidenceRejected {
        for (String keyId : new String[] {"a", "b", null, "unknown"}) {
            assertThat(reason(
                            verifier(1),
                            TestDsse.envelope(
                                    TYPE,
                                    PAYLOAD,
                                    List.of(sig(keyId, STRANGER.pair().getPrivate())))))
                    .isEqualTo("insufficient_signatures");
        }
        assertThat(reason(
                        verifier(2),
                        TestDsse.envelope(
                                TYPE,
                                PAYLOAD,
                                List.of(
                                        sig("a", A.pair().getPrivate()),
                                        sig(null, STRANGER.pair().getPrivate())))))
                .isEqualTo("insufficient_signatures");
    }

    @Test
    void signaturesAreOverPaeNotTheRawPayload() throws EvidenceRejected {
        String raw = TestDsse.envelope(
                TYPE,
                PAYLOAD,
                List.of(TestDsse.signature("a", TestDsse.sign(A.pair().getPrivate(), PAYLOAD))));

        assertThat(reason(verifier(1), raw)).isEqualTo("insufficient_signatures");
    }

    @Test
    void thePayloadTypeIsSignedAndChecked() throws EvidenceRejected {
        String other = "application/vnd.example+json";
        String retyped = TestDsse.envelope(
                TYPE,
                PAYLOAD,
                List.of(TestDsse.signature("a", TestDsse.sign(A.pair().getPrivate(), Pae.encode(other, PAYLOAD)))));
        assertThat(reason(verifier(1), retyped)).isEqualTo("insufficient_signatures");

        String signedOther =
                TestDsse.signedEnvelope(other, PAYLOAD, "a", A.pair().getPrivate());
        assertThat(reason(verifier(1), signedOther)).isEqualTo("wrong_payload_type");
        String upperCase = TestDsse.signedEnvelope(
                "application/vnd.in-toto+JSON", PAYLOAD, "a", A.pair().getPrivate());
        assertThat(reason(verifier(1), upperCase)).isEqualTo("wrong_payload_type");
    }

    @Test
    void settingsRefuseAKeyListedTwiceAndImpossibleThresholds() throws EvidenceRejected {
        TrustedKey a = TrustedKey.fromJwk(
                new ECKey.Builder((ECKey) A.publicJwk()).keyID("a").build());
        TrustedKey aAgain = TrustedKey.fromPem("a-2", TestDsse.pem(A.pair().getPublic()));
        TrustedKey b = TrustedKey.fromPem("a", TestDsse.pem(B.pair().getPublic()));

        assertThatThrownBy(() -> new DsseVerifier.Settings(List.of(a, aAgain), 2, TYPE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsseVerifier.Settings(List.of(a, b), 1, TYPE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsseVerifier.Settings(keys(), 0, TYPE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsseVerifier.Settings(keys(), 4, TYPE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsseVerifier.Settings(List.of(), 1, TYPE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsseVerifier.Settings(keys(), 1, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
