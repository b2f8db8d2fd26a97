package dev.agentgrant.keycloak.attestation.presentation;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A well-formed presentation that each test bends in one way. */
final class TestPresentation {

    static final String AGENT = "demo-agent";
    static final String REALM = "https://sso.example.com/realms/acme";

    final Map<String, Object> header = new LinkedHashMap<>();
    final Map<String, Object> payload = new LinkedHashMap<>();
    TestKeys signingKey;

    private TestPresentation(TestKeys key, String alg, Instant now) {
        signingKey = key;
        header.put("alg", alg);
        header.put("typ", "agent-attestation+jwt");
        payload.put("iss", AGENT);
        payload.put("aud", REALM);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.getEpochSecond() + 30);
        payload.put("jti", "f7c3bd2e-1c5a-4be8-9c52-7d4c2f7f6a11");
        payload.put("cnf", Map.of("jwk", key.publicJwk().toJSONObject()));
        payload.put(
                "evidence",
                List.of(
                        Map.of("source", "spiffe", "format", "jwt", "value", "eyJhbGciOiJFUzI1NiJ9.e30.sig"),
                        Map.of("source", "provenance", "format", "digest-ref", "value", "sha256:" + "ab".repeat(32))));
    }

    static TestPresentation es256(Instant now) {
        return new TestPresentation(TestKeys.p256(), "ES256", now);
    }

    static TestPresentation with(TestKeys key, String alg, Instant now) {
        return new TestPresentation(key, alg, now);
    }

    TestPresentation header(Consumer<Map<String, Object>> change) {
        change.accept(header);
        return this;
    }

    TestPresentation claims(Consumer<Map<String, Object>> change) {
        change.accept(payload);
        return this;
    }

    String compact() {
        return TestJws.sign(header, payload, signingKey.pair().getPrivate());
    }
}
