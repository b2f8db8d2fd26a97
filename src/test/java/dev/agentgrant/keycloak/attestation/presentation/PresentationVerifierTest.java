package dev.agentgrant.keycloak.attestation.presentation;

import static dev.agentgrant.keycloak.attestation.presentation.TestPresentation.AGENT;
import static dev.agentgrant.keycloak.attestation.presentation.TestPresentation.REALM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The presentation rules of docs/wire-contract.md ("Attestation presentation"), RFC 8725 for the JWS and RFC 7519
 * §4.1 for claims and time.
 */
class PresentationVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final PresentationVerifier verifier = new PresentationVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

    private VerifiedPresentation verify(String compact) throws EvidenceRejected {
        return verifier.verify(compact, AGENT, REALM);
    }

    static Stream<Arguments> signingKeys() {
        return Stream.of(
                Arguments.of("ES256", TestKeys.p256()),
                Arguments.of("ES384", TestKeys.ec("secp384r1")),
                Arguments.of("RS256", TestKeys.rsa(2048)),
                Arguments.of("PS256", TestKeys.rsa(2048)),
                Arguments.of("EdDSA", TestKeys.ed25519()),
                Arguments.of("Ed25519", TestKeys.ed25519()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingKeys")
    void aWellFormedPresentationIsAcceptedForEverySupportedKeyType(String alg, TestKeys key) throws Exception {
        VerifiedPresentation presentation =
                verify(TestPresentation.with(key, alg, NOW).compact());

        assertThat(presentation.issuer()).isEqualTo(AGENT);
        assertThat(presentation.jti()).isEqualTo("f7c3bd2e-1c5a-4be8-9c52-7d4c2f7f6a11");
        assertThat(presentation.issuedAt()).isEqualTo(NOW);
        assertThat(presentation.expiresAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(presentation.instanceKeyThumbprint())
                .isEqualTo(key.publicJwk().computeThumbprint().toString());
        assertThat(presentation.evidence()).extracting(EvidenceItem::source).containsExactly("spiffe", "provenance");
        assertThat(presentation.evidence())
                .extracting(EvidenceItem::format)
                .containsExactly(EvidenceItem.Format.JWT, EvidenceItem.Format.DIGEST_REF);
    }

    @Test
    void theMediaTypeFormOfTypIsAccepted() throws Exception {
        verify(TestPresentation.es256(NOW)
                .header(h -> h.put("typ", "application/Agent-Attestation+JWT"))
                .compact());
    }

    @Test
    void aDsseEnvelopeMayTravelAsAJsonObject() throws Exception {
        VerifiedPresentation presentation = verify(TestPresentation.es256(NOW)
                .claims(c -> c.put(
                        "evidence",
                        List.of(Map.of(
                                "source",
                                "build",
                                "format",
                                "dsse",
                                "value",
                                Map.of(
                                        "payloadType",
                                        "application/vnd.in-toto+json",
                                        "payload",
                                        "e30",
                                        "signatures",
                                        List.of())))))
                .compact());

        assertThat(presentation.evidence().get(0).value()).contains("\"payloadType\"");
    }

    @Test
    void edgesOfTheTimeRulesAreAccepted() throws Exception {
        long now = NOW.getEpochSecond();
        // exactly 60 s of lifetime; iat 15 s in the future; exp 15 s in the past
        verify(TestPresentation.es256(NOW)
                .claims(c -> {
                    c.put("iat", now - 30);
                    c.put("exp", now + 30);
                })
                .compact());
        verify(TestPresentation.es256(NOW)
                .claims(c -> {
                    c.put("iat", now + 15);
                    c.put("exp", now + 45);
                })
                .compact());
        verify(TestPresentation.es256(NOW)
                .claims(c -> {
                    c.put("iat", now - 45);
                    c.put("exp", now - 15);
                })
                .compact());
        verify(TestPresentation.es256(NOW)
                .claims(c -> c.put("aud", List.of(REALM)))
                .compact());
        verify(TestPresentation.es256(NOW).claims(c -> c.remove("evidence")).compact());
    }

    record Case(String name, String reason, Function<TestPresentation, String> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String unsigned(TestPresentation p) {
        return TestJws.b64(TestJws.json(p.header)) + "." + TestJws.b64(TestJws.json(p.payload));
    }

    static Stream<Case> rejections() {
        long now = NOW.getEpochSecond();
        List<Case> cases = new ArrayList<>();
        // RFC 8725 §3.1: alg none, in any case, and empty signatures
        cases.add(new Case("alg none, empty signature", "malformed", p -> {
            p.header.put("alg", "none");
            return unsigned(p) + ".";
        }));
        cases.add(new Case("alg NONE with a signature", "unsupported_algorithm", p -> {
            String compact = p.compact();
            return TestJws.b64(TestJws.json(Map.of("alg", "NONE", "typ", "agent-attestation+jwt")))
                    + compact.substring(compact.indexOf('.'));
        }));
        cases.add(new Case("empty signature", "malformed", p -> unsigned(p) + "."));
        // RFC 8725 §2.1: HS256 keyed with the public key
        cases.add(new Case("HS256 with the public key as secret", "unsupported_algorithm", p -> {
            p.header.put("alg", "HS256");
            return TestJws.hmac(
                    TestJws.json(p.header),
                    TestJws.json(p.payload),
                    p.signingKey.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8));
        }));
        // RFC 8725 §3.1: the algorithm must fit the key
        cases.add(new Case("algorithm not matching the key type", "algorithm_mismatch", p -> {
            TestKeys rsa = TestKeys.rsa(2048);
            p.claims(c -> c.put("cnf", Map.of("jwk", rsa.publicJwk().toJSONObject())));
            return p.compact();
        }));
        cases.add(new Case("ES384 header on a P-256 key", "algorithm_mismatch", p -> {
            TestKeys p384 = TestKeys.ec("secp384r1");
            p.signingKey = p384;
            p.header.put("alg", "ES384");
            p.claims(c -> c.put("cnf", Map.of("jwk", TestKeys.p256().publicJwk().toJSONObject())));
            return p.compact();
        }));
        cases.add(new Case("signed by another key than cnf.jwk", "bad_signature", p -> {
            p.signingKey = TestKeys.p256();
            return p.compact();
        }));
        // RFC 7518 §3.4: ECDSA signatures are fixed-width R || S; r = s = 0 never verifies (CVE-2022-21449)
        cases.add(new Case(
                "psychic signature r = s = 0", "bad_signature", p -> unsigned(p) + "." + TestJws.b64(new byte[64])));
        cases.add(new Case("DER where r||s is expected", "bad_signature", p -> {
            String input = unsigned(p);
            return input + "."
                    + TestJws.b64(TestJws.derEcdsa(
                            p.signingKey.pair().getPrivate(), input.getBytes(StandardCharsets.US_ASCII)));
        }));
        // RFC 8725 §3.10: keys and key URLs in the header are never trusted
        cases.add(new Case("jku header", "forbidden_header", p -> {
            p.header.put("jku", "https://evil.example/jwks");
            return p.compact();
        }));
        cases.add(new Case("x5u header", "forbidden_header", p -> {
            p.header.put("x5u", "https://evil.example/cert");
            return p.compact();
        }));
        cases.add(new Case("jwk header", "forbidden_header", p -> {
            p.header.put("jwk", p.signingKey.publicJwk().toJSONObject());
            return p.compact();
        }));
        cases.add(new Case("x5c header", "forbidden_header", p -> {
            p.header.put("x5c", List.of("MIIB"));
            return p.compact();
        }));
        // RFC 8725 §3.10: kid is untrusted input
        cases.add(new Case("kid with path traversal", "malformed", p -> {
            p.header.put("kid", "../../etc/passwd");
            return p.compact();
        }));
        cases.add(new Case("kid with SQL", "malformed", p -> {
            p.header.put("kid", "x' OR '1'='1");
            return p.compact();
        }));
        cases.add(new Case("kid of 10 KB", "malformed", p -> {
            p.header.put("kid", "k".repeat(10_000));
            return p.compact();
        }));
        cases.add(new Case("kid with unicode", "malformed", p -> {
            p.header.put("kid", "kéy‮");
            return p.compact();
        }));
        // RFC 7515 §4.1.11 crit, RFC 7797 b64, RFC 7519 §5.2 nested JWTs, RFC 7516 JWE
        cases.add(new Case("crit with an unknown entry", "forbidden_header", p -> {
            p.header.put("crit", List.of("exp"));
            p.header.put("exp", 1);
            return p.compact();
        }));
        cases.add(new Case("b64 false", "forbidden_header", p -> {
            p.header.put("b64", false);
            p.header.put("crit", List.of("b64"));
            return p.compact();
        }));
        cases.add(new Case("nested JWT (cty JWT)", "forbidden_header", p -> {
            p.header.put("cty", "JWT");
            return p.compact();
        }));
        cases.add(new Case(
                "a JWE where a JWS is expected",
                "malformed",
                p -> "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"));
        // RFC 7515 §2 strict base64url, RFC 8725 §3.7 UTF-8, RFC 8259 §4 duplicate members
        cases.add(new Case("broken base64url", "malformed", p -> {
            String c = p.compact();
            return c.substring(0, 10) + "$" + c.substring(11);
        }));
        cases.add(new Case("base64 padding", "malformed", p -> p.compact() + "=="));
        cases.add(new Case("non-UTF-8 payload", "malformed", p -> {
            byte[] bytes = TestJws.json(p.payload).getBytes(StandardCharsets.UTF_8);
            byte[] broken = new byte[bytes.length + 2];
            System.arraycopy(bytes, 0, broken, 0, bytes.length - 1);
            broken[bytes.length - 1] = (byte) 0xC3;
            broken[bytes.length] = (byte) 0x28;
            broken[bytes.length + 1] = '}';
            String input = TestJws.b64(TestJws.json(p.header)) + "." + TestJws.b64(broken);
            return input + "."
                    + TestJws.b64(TestJws.signature(
                            "ES256", p.signingKey.pair().getPrivate(), input.getBytes(StandardCharsets.US_ASCII)));
        }));
        cases.add(new Case("duplicate JSON member", "malformed", p -> {
            String payload = TestJws.json(p.payload);
            String duplicated = "{\"iss\":\"someone-else\"," + payload.substring(1);
            return TestJws.sign(
                    TestJws.json(p.header),
                    duplicated,
                    "ES256",
                    p.signingKey.pair().getPrivate());
        }));
        cases.add(new Case(
                "trailing garbage after the JSON",
                "malformed",
                p -> TestJws.sign(
                        TestJws.json(p.header),
                        TestJws.json(p.payload) + "garbage",
                        "ES256",
                        p.signingKey.pair().getPrivate())));
        cases.add(new Case("a fourth part", "malformed", p -> p.compact() + ".extra"));
        cases.add(new Case(
                "payload is a JSON array",
                "malformed",
                p -> TestJws.sign(
                        TestJws.json(p.header),
                        "[1,2]",
                        "ES256",
                        p.signingKey.pair().getPrivate())));
        // typ
        cases.add(new Case("typ missing", "invalid_type", p -> {
            p.header.remove("typ");
            return p.compact();
        }));
        cases.add(new Case("typ JWT", "invalid_type", p -> {
            p.header.put("typ", "JWT");
            return p.compact();
        }));
        // RFC 7519 §4.1.4–4.1.6: time
        cases.add(new Case("exp missing", "invalid_claim", p -> {
            p.payload.remove("exp");
            return p.compact();
        }));
        cases.add(new Case("iat missing", "invalid_claim", p -> {
            p.payload.remove("iat");
            return p.compact();
        }));
        cases.add(new Case("iat as a string", "invalid_claim", p -> {
            p.payload.put("iat", String.valueOf(now));
            return p.compact();
        }));
        cases.add(new Case("expired beyond the skew", "expired", p -> {
            p.payload.put("iat", now - 50);
            p.payload.put("exp", now - 16);
            return p.compact();
        }));
        cases.add(new Case("iat in the future beyond the skew", "not_yet_valid", p -> {
            p.payload.put("iat", now + 16);
            p.payload.put("exp", now + 40);
            return p.compact();
        }));
        cases.add(new Case("nbf in the future", "not_yet_valid", p -> {
            p.payload.put("nbf", now + 20);
            return p.compact();
        }));
        cases.add(new Case("lifetime of 61 s", "lifetime_too_long", p -> {
            p.payload.put("exp", now + 61);
            return p.compact();
        }));
        cases.add(new Case("far-future exp", "lifetime_too_long", p -> {
            p.payload.put("exp", now + 100L * 365 * 86400);
            return p.compact();
        }));
        cases.add(new Case("exp before iat", "invalid_claim", p -> {
            p.payload.put("exp", now - 1);
            return p.compact();
        }));
        cases.add(new Case("exp out of range", "invalid_claim", p -> {
            p.payload.put("exp", 1e300);
            return p.compact();
        }));
        // RFC 7519 §4.1.1, §4.1.3, §4.1.7: issuer, audience, jti
        cases.add(new Case("aud missing", "invalid_audience", p -> {
            p.payload.remove("aud");
            return p.compact();
        }));
        cases.add(new Case("aud another realm", "invalid_audience", p -> {
            p.payload.put("aud", "https://sso.example.com/realms/other");
            return p.compact();
        }));
        cases.add(new Case("aud multi-valued", "invalid_audience", p -> {
            p.payload.put("aud", List.of(REALM, "https://api.example.com"));
            return p.compact();
        }));
        cases.add(new Case("iss missing", "invalid_claim", p -> {
            p.payload.remove("iss");
            return p.compact();
        }));
        cases.add(new Case("iss another agent", "invalid_issuer", p -> {
            p.payload.put("iss", "other-agent");
            return p.compact();
        }));
        cases.add(new Case("jti missing", "invalid_claim", p -> {
            p.payload.remove("jti");
            return p.compact();
        }));
        cases.add(new Case("jti too long", "invalid_claim", p -> {
            p.payload.put("jti", "j".repeat(129));
            return p.compact();
        }));
        // RFC 7800 §3.2: the instance key in cnf.jwk
        cases.add(new Case("cnf missing", "invalid_claim", p -> {
            p.payload.remove("cnf");
            return p.compact();
        }));
        cases.add(new Case("cnf without jwk", "invalid_key", p -> {
            p.payload.put("cnf", Map.of("jkt", "abc"));
            return p.compact();
        }));
        cases.add(new Case("cnf.jwk not a JWK", "invalid_key", p -> {
            p.payload.put("cnf", Map.of("jwk", Map.of("kty", "XYZ")));
            return p.compact();
        }));
        cases.add(new Case("cnf.jwk with the private key", "invalid_key", p -> {
            try {
                JWK withPrivate = JWK.parse(new ECKey.Builder((ECKey) p.signingKey.publicJwk())
                        .privateKey(p.signingKey.pair().getPrivate())
                        .build()
                        .toJSONObject());
                p.payload.put("cnf", Map.of("jwk", withPrivate.toJSONObject()));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
            return p.compact();
        }));
        // RFC 7638 §3 hashes the members as written: the signing key respelled must not pass as another thumbprint.
        cases.add(new Case("cnf.jwk x with a character outside base64url", "invalid_key", p -> {
            p.payload.put("cnf", Map.of("jwk", respelledX(p, x -> x.substring(0, 10) + "\uFFFD" + x.substring(10))));
            return p.compact();
        }));
        cases.add(new Case("cnf.jwk x with a leading zero octet", "invalid_key", p -> {
            p.payload.put("cnf", Map.of("jwk", respelledX(p, x -> {
                byte[] octets = Base64URL.from(x).decode();
                byte[] padded = new byte[octets.length + 1];
                System.arraycopy(octets, 0, padded, 1, octets.length);
                return Base64URL.encode(padded).toString();
            })));
            return p.compact();
        }));
        cases.add(new Case("RSA key of 1024 bits", "weak_key", p -> {
            TestKeys weak = TestKeys.rsa(1024);
            p.signingKey = weak;
            p.header.put("alg", "RS256");
            p.payload.put("cnf", Map.of("jwk", weak.publicJwk().toJSONObject()));
            return p.compact();
        }));
        // evidence shape
        cases.add(new Case("nine evidence items", "too_much_evidence", p -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                items.add(Map.of("source", "s" + i, "format", "jwt", "value", "x"));
            }
            p.payload.put("evidence", items);
            return p.compact();
        }));
        cases.add(new Case("two items for one source", "duplicate_source", p -> {
            p.payload.put(
                    "evidence",
                    List.of(
                            Map.of("source", "spiffe", "format", "jwt", "value", "a"),
                            Map.of("source", "spiffe", "format", "jwt", "value", "b")));
            return p.compact();
        }));
        cases.add(new Case("unknown evidence format", "invalid_evidence", p -> {
            p.payload.put("evidence", List.of(Map.of("source", "spiffe", "format", "x509", "value", "a")));
            return p.compact();
        }));
        cases.add(new Case("unknown evidence member", "invalid_evidence", p -> {
            p.payload.put(
                    "evidence", List.of(Map.of("source", "spiffe", "format", "jwt", "value", "a", "trusted", true)));
            return p.compact();
        }));
        cases.add(new Case("source alias with a path", "invalid_evidence", p -> {
            p.payload.put("evidence", List.of(Map.of("source", "../spiffe", "format", "jwt", "value", "a")));
            return p.compact();
        }));
        cases.add(new Case("evidence value missing", "invalid_evidence", p -> {
            p.payload.put("evidence", List.of(Map.of("source", "spiffe", "format", "jwt")));
            return p.compact();
        }));
        cases.add(new Case("evidence not an array", "invalid_claim", p -> {
            p.payload.put("evidence", "spiffe");
            return p.compact();
        }));
        // RFC 8259 §9 limits and size
        cases.add(new Case(
                "deeply nested JSON",
                "malformed",
                p -> TestJws.sign(
                        TestJws.json(p.header),
                        "{\"x\":" + "[".repeat(6_000) + "]".repeat(6_000) + "}",
                        "ES256",
                        p.signingKey.pair().getPrivate())));
        cases.add(new Case("over 20 000 characters", "too_large", p -> {
            p.payload.put("pad", "x".repeat(20_000));
            return p.compact();
        }));
        cases.add(new Case("empty string", "malformed", p -> ""));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(Case c) {
        String compact = c.build().apply(TestPresentation.es256(NOW));

        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, () -> verify(compact));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }

    @Test
    void aRejectionNamesTheProblemForAdminsInItsMessage() {
        String compact = TestPresentation.es256(NOW)
                .claims(c -> c.put("iss", "other-agent"))
                .compact();

        assertThatThrownBy(() -> verify(compact))
                .hasMessageContaining("other-agent")
                .hasMessageContaining(AGENT);
    }

    @Test
    void rejectingHugeInputIsFast() {
        String deep = TestPresentation.es256(NOW).compact() + "x".repeat(5_000_000);
        long started = System.nanoTime();

        assertThatThrownBy(() -> verify(deep)).isInstanceOf(EvidenceRejected.class);
        // Bounded before decoding: measured loosely, only to catch an accidental parse of the whole input.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @SuppressWarnings("unused")
    private static int bits(TestKeys rsa) {
        return ((RSAPublicKey) rsa.pair().getPublic()).getModulus().bitLength();
    }

    /** The signing key's public JWK with its {@code x} written differently. */
    private static Map<String, Object> respelledX(TestPresentation p, UnaryOperator<String> respell) {
        Map<String, Object> jwk = new LinkedHashMap<>(p.signingKey.publicJwk().toJSONObject());
        jwk.put("x", respell.apply((String) jwk.get("x")));
        return jwk;
    }
}
