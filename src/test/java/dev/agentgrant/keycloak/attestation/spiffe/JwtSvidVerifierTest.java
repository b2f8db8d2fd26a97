package dev.agentgrant.keycloak.attestation.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SPIFFE JWT-SVID specification, the SPIFFE-ID grammar, and RFC 7519 §4.1 claims and time. */
class JwtSvidVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String REALM = "https://sso.example.com/realms/acme";
    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys RSA = TestKeys.rsa(2048);
    private static final TestKeys OTHER_DOMAIN = TestKeys.p256();

    private static final JWKSet BUNDLE = new JWKSet(List.of(
            new ECKey.Builder((ECKey) EC.publicJwk()).keyID("ec-1").build(),
            new RSAKey.Builder((RSAKey) RSA.publicJwk()).keyID("rsa-1").build()));

    private final JwtSvidVerifier verifier = new JwtSvidVerifier(
            new JwtSvidVerifier.Settings(
                    "example.org",
                    BUNDLE,
                    REALM,
                    Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA),
                    Duration.ofHours(1)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** A valid SVID that each case bends. */
    static final class Svid {
        final Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "ES256", "kid", "ec-1", "typ", "JWT"));
        final Map<String, Object> claims = new LinkedHashMap<>(Map.of(
                "sub",
                "spiffe://example.org/ns/agents/sa/demo-agent",
                "aud",
                List.of(REALM),
                "exp",
                NOW.getEpochSecond() + 300,
                "iat",
                NOW.getEpochSecond() - 10));
        PrivateKey key = EC.pair().getPrivate();

        String compact() {
            return TestJws.sign(header, claims, key);
        }
    }

    @Test
    void aValidSvidYieldsItsSpiffeFacts() throws EvidenceRejected {
        VerifiedEvidence evidence = verifier.verify("spire", new Svid().compact());

        assertThat(evidence.namespacedFacts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "spire.spiffe_id", "spiffe://example.org/ns/agents/sa/demo-agent",
                        "spire.trust_domain", "example.org",
                        "spire.path", "/ns/agents/sa/demo-agent"));
        assertThat(evidence.expiresAt()).contains(NOW.plusSeconds(300));
        assertThat(evidence.confirmationKeyThumbprint()).isEmpty();
    }

    @Test
    void rsaKeysOfTheBundleVerifyRs256AndPs256() throws EvidenceRejected {
        for (String alg : List.of("RS256", "PS256")) {
            Svid svid = new Svid();
            svid.header.put("alg", alg);
            svid.header.put("kid", "rsa-1");
            svid.key = RSA.pair().getPrivate();
            verifier.verify("spire", svid.compact());
        }
    }

    @Test
    void typJoseAndNoTypAreAccepted() throws EvidenceRejected {
        Svid jose = new Svid();
        jose.header.put("typ", "JOSE");
        verifier.verify("spire", jose.compact());
        Svid none = new Svid();
        none.header.remove("typ");
        verifier.verify("spire", none.compact());
    }

    @Test
    void aBoundKeyIsReportedForKeyBinding() throws Exception {
        TestKeys instance = TestKeys.p256();
        Svid svid = new Svid();
        svid.claims.put("cnf", Map.of("jwk", instance.publicJwk().toJSONObject()));

        VerifiedEvidence evidence = verifier.verify("spire", svid.compact());

        assertThat(evidence.confirmationKeyThumbprint())
                .contains(instance.publicJwk().computeThumbprint().toString());
    }

    record Case(String name, String reason, Function<Svid, String> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> rejections() {
        long now = NOW.getEpochSecond();
        List<Case> cases = new ArrayList<>();
        for (String sub : List.of(
                "spiffe://Example.org/a",
                "spiffe://example.org:443/a",
                "spiffe://u@example.org/a",
                "spiffe://example.org/a/../b",
                "spiffe://example.org/%2e%2e",
                "spiffe://example.org/a/",
                "spiffe://example.org/a?q",
                "spiffe://example.org/a#f",
                "spiffe://example.org/" + "a".repeat(2050))) {
            cases.add(new Case("sub " + (sub.length() > 60 ? "over 2048 bytes" : sub), "invalid_spiffe_id", s -> {
                s.claims.put("sub", sub);
                return s.compact();
            }));
        }
        cases.add(new Case("sub missing", "invalid_claim", s -> {
            s.claims.remove("sub");
            return s.compact();
        }));
        cases.add(new Case("sub in another trust domain", "wrong_trust_domain", s -> {
            s.claims.put("sub", "spiffe://other.org/agent");
            return s.compact();
        }));
        cases.add(new Case("signed by another trust domain's key under a trusted kid", "bad_signature", s -> {
            s.key = OTHER_DOMAIN.pair().getPrivate();
            return s.compact();
        }));
        cases.add(new Case("unknown kid", "unknown_key", s -> {
            s.header.put("kid", "not-in-bundle");
            return s.compact();
        }));
        cases.add(new Case("no kid with a two-key bundle", "unknown_key", s -> {
            s.header.remove("kid");
            return s.compact();
        }));
        cases.add(new Case("typ at+jwt", "invalid_type", s -> {
            s.header.put("typ", "at+jwt");
            return s.compact();
        }));
        cases.add(new Case("HS256 keyed with the bundle key", "unsupported_algorithm", s -> {
            s.header.put("alg", "HS256");
            return TestJws.hmac(
                    TestJws.json(s.header),
                    TestJws.json(s.claims),
                    EC.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8));
        }));
        cases.add(new Case("alg none", "malformed", s -> {
            s.header.put("alg", "none");
            return TestJws.b64(TestJws.json(s.header)) + "." + TestJws.b64(TestJws.json(s.claims)) + ".";
        }));
        cases.add(new Case("EdDSA, which the JWT-SVID spec does not allow", "unsupported_algorithm", s -> {
            TestKeys ed = TestKeys.ed25519();
            s.header.put("alg", "EdDSA");
            s.key = ed.pair().getPrivate();
            return s.compact();
        }));
        cases.add(new Case("ES384 not accepted by this source", "unsupported_algorithm", s -> {
            s.header.put("alg", "ES384");
            s.key = TestKeys.ec("secp384r1").pair().getPrivate();
            return s.compact();
        }));
        cases.add(new Case("aud another realm", "invalid_audience", s -> {
            s.claims.put("aud", "https://other.example");
            return s.compact();
        }));
        cases.add(new Case("aud multi-valued", "invalid_audience", s -> {
            s.claims.put("aud", List.of(REALM, "x"));
            return s.compact();
        }));
        cases.add(new Case("aud missing", "invalid_audience", s -> {
            s.claims.remove("aud");
            return s.compact();
        }));
        cases.add(new Case("exp missing", "invalid_claim", s -> {
            s.claims.remove("exp");
            return s.compact();
        }));
        cases.add(new Case("expired", "expired", s -> {
            s.claims.put("iat", now - 60);
            s.claims.put("exp", now - 16);
            return s.compact();
        }));
        cases.add(new Case("exp before iat", "invalid_claim", s -> {
            s.claims.put("exp", now - 11);
            return s.compact();
        }));
        cases.add(new Case("no iat and an exp beyond the max age", "lifetime_too_long", s -> {
            s.claims.remove("iat");
            s.claims.put("exp", now + 7200);
            return s.compact();
        }));
        cases.add(new Case("nbf in the future", "not_yet_valid", s -> {
            s.claims.put("nbf", now + 60);
            return s.compact();
        }));
        cases.add(new Case("iat in the future", "not_yet_valid", s -> {
            s.claims.put("iat", now + 60);
            return s.compact();
        }));
        cases.add(new Case("older than the source's max age", "too_old", s -> {
            s.claims.put("iat", now - 3700);
            return s.compact();
        }));
        cases.add(new Case("jku header pointing elsewhere", "forbidden_header", s -> {
            s.header.put("jku", "https://evil.example");
            return s.compact();
        }));
        cases.add(new Case("cnf without a key", "invalid_claim", s -> {
            s.claims.put("cnf", Map.of("x", 1));
            return s.compact();
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(Case c) {
        String token = c.build().apply(new Svid());

        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> verifier.verify("spire", token));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }
}
