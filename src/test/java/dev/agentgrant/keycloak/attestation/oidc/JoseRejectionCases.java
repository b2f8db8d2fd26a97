package dev.agentgrant.keycloak.attestation.oidc;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JWS rules of RFC 8725 (with RFC 7515, 7518 and 7519) and key selection, for any verifier of issuer-signed evidence JWTs. The valid token
 * they start from must be ES256, carry a {@code kid} of the source's key set, and the source must hold at least two
 * keys (one of them the RSA key named {@code rsaKid}) and must not accept ES384.
 */
public final class JoseRejectionCases {

    private JoseRejectionCases() {}

    public static List<RejectionCase> all(String rsaKid, int maxLength) {
        List<RejectionCase> cases = new ArrayList<>();
        // RFC 8725 §3.1: alg none, in any case, and empty signatures
        cases.add(new RejectionCase("alg none, empty signature", "malformed", t -> {
            t.header.put("alg", "none");
            return t.signingInput() + ".";
        }));
        cases.add(new RejectionCase("alg NONE with a signature", "unsupported_algorithm", t -> {
            String compact = t.compact();
            return TestJws.b64(TestJws.json(Map.of("alg", "NONE", "kid", t.header.get("kid"))))
                    + compact.substring(compact.indexOf('.'));
        }));
        cases.add(new RejectionCase("empty signature", "malformed", t -> t.signingInput() + "."));
        // RFC 8725 §2.1: HS256 keyed with the issuer's public key
        cases.add(new RejectionCase("HS256 with the public key as secret", "unsupported_algorithm", t -> {
            t.header.put("alg", "HS256");
            return TestJws.hmac(
                    TestJws.json(t.header),
                    TestJws.json(t.claims),
                    t.key.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8));
        }));
        // RFC 8725 §3.1: an algorithm the source does not allow; the right kid with the wrong key
        cases.add(new RejectionCase("ES384, which this source does not accept", "unsupported_algorithm", t -> {
            t.header.put("alg", "ES384");
            t.key = TestKeys.ec("secp384r1");
            return t.compact();
        }));
        cases.add(new RejectionCase("the right kid, signed by another key", "bad_signature", t -> {
            t.key = TestKeys.p256();
            return t.compact();
        }));
        cases.add(new RejectionCase("ES256 under the kid of an RSA key", "algorithm_mismatch", t -> {
            t.header.put("kid", rsaKid);
            return t.compact();
        }));
        cases.add(new RejectionCase("kid not in the source's key set", "unknown_key", t -> {
            t.header.put("kid", "rotated-away");
            return t.compact();
        }));
        cases.add(new RejectionCase("no kid while the source holds several keys", "unknown_key", t -> {
            t.header.remove("kid");
            return t.compact();
        }));
        // RFC 7518 §3.4: ECDSA signatures are fixed-width R || S; r = s = 0 never verifies (CVE-2022-21449)
        cases.add(new RejectionCase(
                "psychic signature r = s = 0",
                "bad_signature",
                t -> t.signingInput() + "." + TestJws.b64(new byte[64])));
        cases.add(new RejectionCase("DER where r||s is expected", "bad_signature", t -> {
            String input = t.signingInput();
            return input + "."
                    + TestJws.b64(
                            TestJws.derEcdsa(t.key.pair().getPrivate(), input.getBytes(StandardCharsets.US_ASCII)));
        }));
        // RFC 8725 §3.10: keys and key URLs in the header are never trusted, nor fetched
        cases.add(new RejectionCase("jku header", "forbidden_header", t -> {
            t.header.put("jku", "https://evil.example/jwks");
            return t.compact();
        }));
        cases.add(new RejectionCase("x5u header", "forbidden_header", t -> {
            t.header.put("x5u", "https://evil.example/cert");
            return t.compact();
        }));
        cases.add(new RejectionCase("jwk header with the signing key", "forbidden_header", t -> {
            t.key = TestKeys.p256();
            t.header.put("jwk", t.key.publicJwk().toJSONObject());
            return t.compact();
        }));
        cases.add(new RejectionCase("x5c header", "forbidden_header", t -> {
            t.header.put("x5c", List.of("MIIB"));
            return t.compact();
        }));
        // RFC 8725 §3.10: kid is untrusted input
        cases.add(new RejectionCase("kid with path traversal", "malformed", t -> {
            t.header.put("kid", "../../etc/passwd");
            return t.compact();
        }));
        cases.add(new RejectionCase("kid with SQL", "malformed", t -> {
            t.header.put("kid", "x' OR '1'='1");
            return t.compact();
        }));
        cases.add(new RejectionCase("kid of 10 KB", "malformed", t -> {
            t.header.put("kid", "k".repeat(10_000));
            return t.compact();
        }));
        cases.add(new RejectionCase("kid with unicode", "malformed", t -> {
            t.header.put("kid", "kéy\u202e");
            return t.compact();
        }));
        // RFC 7515 §4.1.11 crit, RFC 7797 b64, RFC 7519 §5.2 nested JWTs, RFC 7516 JWE
        cases.add(new RejectionCase("crit with an unknown entry", "forbidden_header", t -> {
            t.header.put("crit", List.of("exp"));
            t.header.put("exp", 1);
            return t.compact();
        }));
        cases.add(new RejectionCase("b64 false", "forbidden_header", t -> {
            t.header.put("b64", false);
            t.header.put("crit", List.of("b64"));
            return t.compact();
        }));
        cases.add(new RejectionCase("nested JWT (cty JWT)", "forbidden_header", t -> {
            t.header.put("cty", "JWT");
            return t.compact();
        }));
        cases.add(new RejectionCase(
                "a JWE where a JWS is expected",
                "malformed",
                t -> "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"));
        // RFC 7515 §2 strict base64url, RFC 8725 §3.7 UTF-8, RFC 8259 §4 duplicate members
        cases.add(new RejectionCase("broken base64url", "malformed", t -> {
            String c = t.compact();
            return c.substring(0, 10) + "$" + c.substring(11);
        }));
        cases.add(new RejectionCase("base64 padding", "malformed", t -> t.compact() + "=="));
        cases.add(new RejectionCase("non-UTF-8 payload", "malformed", t -> {
            byte[] json = TestJws.json(t.claims).getBytes(StandardCharsets.UTF_8);
            byte[] broken = new byte[json.length + 2];
            System.arraycopy(json, 0, broken, 0, json.length - 1);
            broken[json.length - 1] = (byte) 0xC3;
            broken[json.length] = (byte) 0x28;
            broken[json.length + 1] = '}';
            return t.signRaw(broken);
        }));
        cases.add(new RejectionCase(
                "duplicate JSON member",
                "malformed",
                t -> t.signRaw("{\"iss\":\"https://evil.example\","
                        + TestJws.json(t.claims).substring(1))));
        cases.add(new RejectionCase(
                "trailing garbage after the JSON", "malformed", t -> t.signRaw(TestJws.json(t.claims) + "garbage")));
        cases.add(new RejectionCase("a fourth part", "malformed", t -> t.compact() + ".extra"));
        cases.add(new RejectionCase("payload is a JSON array", "malformed", t -> t.signRaw("[1,2]")));
        cases.add(new RejectionCase("empty token", "malformed", t -> ""));
        cases.add(new RejectionCase("larger than " + maxLength + " characters", "too_large", t -> {
            t.claims.put("padding", "p".repeat(maxLength));
            return t.compact();
        }));
        // Explicit typing (RFC 8725 §3.11): an access token or a presentation is not workload evidence
        cases.add(new RejectionCase("typ at+jwt", "invalid_type", t -> {
            t.header.put("typ", "at+jwt");
            return t.compact();
        }));
        cases.add(new RejectionCase("typ agent-attestation+jwt", "invalid_type", t -> {
            t.header.put("typ", "agent-attestation+jwt");
            return t.compact();
        }));
        return cases;
    }
}
