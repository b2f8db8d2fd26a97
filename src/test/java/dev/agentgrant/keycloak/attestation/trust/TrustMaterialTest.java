package dev.agentgrant.keycloak.attestation.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.attestation.spiffe.JwtSvidVerifier;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Inline JWKS and SPIFFE bundles (RFC 7517 §5, SPIFFE Trust Domain and Bundle §4, JWT-SVID §6). */
class TrustMaterialTest {

    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys RSA = TestKeys.rsa(2048);
    private static final TestKeys ED = TestKeys.ed25519();
    private static final TestKeys RSA_1024 = TestKeys.rsa(1024);
    private static final TestKeys EC_PRIVATE_SOURCE = TestKeys.p256();

    static Map<String, Object> jwk(TestKeys keys, String kid) {
        Map<String, Object> json = new LinkedHashMap<>(keys.publicJwk().toJSONObject());
        json.put("kid", kid);
        return json;
    }

    static Map<String, Object> privateJwk(TestKeys keys, String kid) {
        return new ECKey.Builder((ECKey) keys.publicJwk())
                .privateKey((ECPrivateKey) keys.pair().getPrivate())
                .keyID(kid)
                .build()
                .toJSONObject();
    }

    static Map<String, Object> with(Map<String, Object> json, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(json);
        copy.put(member, value);
        return copy;
    }

    static String jwks(Object... keys) {
        return TestJws.json(Map.of("keys", List.of(keys)));
    }

    @Test
    void aJwksYieldsItsPublicSignatureKeys() throws Exception {
        JWKSet set =
                TrustMaterial.parseJwks(jwks(with(jwk(EC, "ec-1"), "use", "sig"), jwk(RSA, "rsa-1"), jwk(ED, "ed-1")));

        assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly("ec-1", "rsa-1", "ed-1");
        assertThat(set.getKeyByKeyId("ec-1")).isInstanceOf(ECKey.class);
        assertThat(((ECKey) set.getKeyByKeyId("ec-1")).toPublicKey())
                .isEqualTo(EC.pair().getPublic());
        assertThat(((RSAKey) set.getKeyByKeyId("rsa-1")).toPublicKey())
                .isEqualTo(RSA.pair().getPublic());
        assertThat(((OctetKeyPair) set.getKeyByKeyId("ed-1")).getX()).isEqualTo(((OctetKeyPair) ED.publicJwk()).getX());
        assertThat(set.getKeys()).noneMatch(JWK::isPrivate);
    }

    @Test
    void keysNotMeantForSignaturesAndUnknownKeyTypesAreLeftOut() throws EvidenceRejected {
        // RFC 7517 §5: unknown key types are ignored; §4.2, §4.3: use/key_ops say what a key is for.
        JWKSet set = TrustMaterial.parseJwks(jwks(
                jwk(EC, "sig-1"),
                with(jwk(TestKeys.p256(), "enc-1"), "use", "enc"),
                with(jwk(TestKeys.p256(), "ops-1"), "key_ops", List.of("encrypt")),
                with(jwk(TestKeys.p256(), "ops-2"), "key_ops", List.of("verify")),
                Map.of("kty", "PQC-FUTURE", "kid", "future-1"),
                Map.of("kty", "OKP", "crv", "X25519", "kid", "x-1", "x", "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"),
                with(jwk(TestKeys.p256(), "custom-use"), "use", "jwt-svid")));

        assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly("sig-1", "ops-2");
    }

    record Case(String name, Supplier<String> input, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> refusedJwks() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", () -> "  ", "is empty"));
        cases.add(new Case("not JSON", () -> "<html>keys</html>", "not a JSON object"));
        cases.add(new Case("a JSON array", () -> "[" + jwks(jwk(EC, "a")) + "]", "not a JSON object"));
        cases.add(new Case(
                "duplicate member names",
                () -> "{\"keys\":[],\"keys\":[" + TestJws.json(jwk(EC, "a")) + "]}",
                "not a JSON object"));
        cases.add(new Case("trailing garbage", () -> jwks(jwk(EC, "a")) + "{}", "not a JSON object"));
        cases.add(new Case(
                "10 000 nested arrays",
                () -> "{\"keys\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
                "not a JSON object"));
        cases.add(new Case("no keys member", () -> "{\"key\":[]}", "no 'keys' array"));
        cases.add(new Case("keys not an array", () -> "{\"keys\":{}}", "no 'keys' array"));
        cases.add(new Case("a key that is not an object", () -> "{\"keys\":[null]}", "is not a JSON object"));
        cases.add(new Case("a key without kty", () -> "{\"keys\":[{\"kid\":\"a\"}]}", "no string 'kty'"));
        cases.add(new Case(
                "an EC private key",
                () -> jwks(jwk(EC, "a"), privateJwk(EC_PRIVATE_SOURCE, "b")),
                "private key material"));
        cases.add(new Case(
                "a partial RSA private key", () -> jwks(with(jwk(RSA, "a"), "p", "AQAB")), "private key material"));
        cases.add(new Case(
                "a private key in an encryption key that would be ignored",
                () -> jwks(jwk(RSA, "a"), with(with(jwk(EC, "b"), "use", "enc"), "d", "AQAB")),
                "private key material"));
        cases.add(new Case(
                "a symmetric key",
                () -> jwks(jwk(EC, "a"), Map.of("kty", "oct", "kid", "h", "k", "c2VjcmV0")),
                "symmetric"));
        cases.add(new Case("RSA 1024", () -> jwks(jwk(RSA_1024, "weak")), "RSA key of 1024 bits"));
        cases.add(new Case("duplicate kid", () -> jwks(jwk(EC, "same"), jwk(RSA, "same")), "two keys with kid 'same'"));
        cases.add(new Case(
                "101 keys",
                () -> {
                    List<Object> keys = new ArrayList<>();
                    for (int i = 0; i < 101; i++) {
                        keys.add(jwk(EC, "k" + i));
                    }
                    return TestJws.json(Map.of("keys", keys));
                },
                "at most 100"));
        cases.add(new Case(
                "over 256 KiB",
                () -> "{\"pad\":\"" + "x".repeat(TrustMaterial.MAX_LENGTH) + "\",\"keys\":[]}",
                "exceeds " + TrustMaterial.MAX_LENGTH));
        cases.add(new Case(
                "only encryption keys", () -> jwks(with(jwk(EC, "a"), "use", "enc")), "no public key usable"));
        cases.add(new Case(
                "an EC point off the curve", () -> jwks(with(jwk(EC, "a"), "y", "AQAB")), "not a valid JWK"));
        cases.add(new Case(
                "use and key_ops disagree",
                () -> jwks(with(with(jwk(EC, "a"), "use", "sig"), "key_ops", List.of("encrypt"))),
                "not a valid JWK"));
        cases.add(new Case("kid of the wrong type", () -> jwks(with(jwk(EC, "a"), "kid", 7)), "not a valid JWK"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedJwks")
    void jwksIsRefused(Case c) {
        String input = c.input().get();

        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, () -> TrustMaterial.parseJwks(input));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason()).isEqualTo(TrustMaterial.INVALID);
        assertThat(rejection.getMessage()).as(c.name()).contains(c.detail());
    }

    // --- SPIFFE bundles ---

    static final String X509_AUTHORITY_WITH_BROKEN_X5C =
            "{\"kty\":\"RSA\",\"use\":\"x509-svid\",\"n\":\"AQAB\",\"e\":\"AQAB\","
                    + "\"x5c\":[\"bm90IGEgY2VydGlmaWNhdGU\"]}";

    static String bundle(String... keys) {
        return "{\"spiffe_sequence\":3,\"spiffe_refresh_hint\":300,\"keys\":[" + String.join(",", keys) + "]}";
    }

    @Test
    void aSpiffeBundleKeepsOnlyJwtAuthoritiesAsSignatureKeys() throws Exception {
        String bundle = bundle(
                TestJws.json(with(jwk(EC, "jwt-1"), "use", "jwt-svid")),
                X509_AUTHORITY_WITH_BROKEN_X5C,
                TestJws.json(with(jwk(RSA, "future-1"), "use", "future-svid")),
                TestJws.json(jwk(ED, "no-use")));

        JWKSet set = TrustMaterial.parseSpiffeBundle(bundle);

        assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly("jwt-1");
        assertThat(set.getKeys().get(0).getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(((ECKey) set.getKeys().get(0)).toPublicKey())
                .isEqualTo(EC.pair().getPublic());
    }

    @Test
    void aBundleParsedHereVerifiesJwtSvidsWhereTheRawNimbusParseWouldNot() throws Exception {
        String bundle = bundle(TestJws.json(with(jwk(EC, "jwt-1"), "use", "jwt-svid")), X509_AUTHORITY_WITH_BROKEN_X5C);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        String svid = TestJws.sign(
                Map.of("alg", "ES256", "kid", "jwt-1", "typ", "JWT"),
                Map.of(
                        "sub",
                        "spiffe://example.org/agent",
                        "aud",
                        "https://sso.example.com/realms/acme",
                        "exp",
                        now.getEpochSecond() + 300),
                EC.pair().getPrivate());

        JwtSvidVerifier verifier = verifier(TrustMaterial.parseSpiffeBundle(bundle), now);
        assertThat(verifier.verify("spire", svid).facts()).containsEntry("spiffe_id", "spiffe://example.org/agent");

        // Nimbus alone keeps "use": "jwt-svid" as a custom KeyUse, which no signature-key filter accepts.
        JWKSet raw = JWKSet.parse(bundle(TestJws.json(with(jwk(EC, "jwt-1"), "use", "jwt-svid"))));
        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class, () -> verifier(raw, now).verify("spire", svid));
        assertThat(rejection.reason()).isEqualTo("unknown_key");
    }

    private static JwtSvidVerifier verifier(JWKSet bundle, Instant now) {
        return new JwtSvidVerifier(
                new JwtSvidVerifier.Settings(
                        "example.org",
                        bundle,
                        "https://sso.example.com/realms/acme",
                        Set.of(JWSAlgorithm.ES256),
                        Duration.ofHours(1)),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    static Stream<Case> refusedBundles() {
        return Stream.of(
                new Case(
                        "a JWT authority without kid",
                        () -> bundle(TestJws.json(with(EC.publicJwk().toJSONObject(), "use", "jwt-svid"))),
                        "has no kid"),
                new Case(
                        "only X.509 authorities", () -> bundle(X509_AUTHORITY_WITH_BROKEN_X5C), "no public key usable"),
                new Case(
                        "a private key in an X.509 authority",
                        () -> bundle(
                                TestJws.json(with(jwk(EC, "jwt-1"), "use", "jwt-svid")),
                                X509_AUTHORITY_WITH_BROKEN_X5C.replace(
                                        "\"e\":\"AQAB\"", "\"e\":\"AQAB\",\"d\":\"AQAB\"")),
                        "private key material"),
                new Case(
                        "a symmetric JWT authority",
                        () -> bundle("{\"kty\":\"oct\",\"use\":\"jwt-svid\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}"),
                        "symmetric"),
                new Case(
                        "a weak RSA JWT authority",
                        () -> bundle(TestJws.json(with(jwk(RSA_1024, "w"), "use", "jwt-svid"))),
                        "RSA key of 1024 bits"),
                new Case(
                        "duplicate JWT authority kid",
                        () -> bundle(
                                TestJws.json(with(jwk(EC, "same"), "use", "jwt-svid")),
                                TestJws.json(with(jwk(RSA, "same"), "use", "jwt-svid"))),
                        "two keys with kid 'same'"),
                new Case("keys missing", () -> "{\"spiffe_sequence\":1}", "no 'keys' array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBundles")
    void spiffeBundleIsRefused(Case c) {
        String input = c.input().get();

        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> TrustMaterial.parseSpiffeBundle(input));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason()).isEqualTo(TrustMaterial.INVALID);
        assertThat(rejection.getMessage()).as(c.name()).contains(c.detail());
    }

    @Test
    void theFormatSelectsTheParser() throws EvidenceRejected {
        String bundle =
                bundle(TestJws.json(with(jwk(EC, "jwt-1"), "use", "jwt-svid")), TestJws.json(jwk(RSA, "plain")));

        assertThat(TrustMaterial.parse(TrustMaterial.KeySetFormat.SPIFFE_BUNDLE, bundle)
                        .getKeys())
                .extracting(JWK::getKeyID)
                .containsExactly("jwt-1");
        assertThat(TrustMaterial.parse(TrustMaterial.KeySetFormat.JWKS, bundle).getKeys())
                .extracting(JWK::getKeyID)
                .containsExactly("plain");
    }
}
