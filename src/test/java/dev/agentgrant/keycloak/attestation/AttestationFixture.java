package dev.agentgrant.keycloak.attestation;

import com.nimbusds.jose.jwk.ECKey;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A SPIFFE trust domain and an agent instance for integration tests: mints JWT-SVIDs and attestation
 * presentations the way a real agent would (JWS by hand, keys from the JDK).
 */
public final class AttestationFixture {

    public final TestKeys trustDomainKey = TestKeys.p256();
    public final TestKeys instanceKey = TestKeys.p256();
    public final String trustDomainKid = "td-" + UUID.randomUUID().toString().substring(0, 8);

    /** The trust domain's SPIFFE bundle (JWT authorities carry {@code use: jwt-svid}), as an admin pastes it. */
    public String bundle() {
        String key = new ECKey.Builder((ECKey) trustDomainKey.publicJwk())
                .keyID(trustDomainKid)
                .build()
                .toJSONString();
        return "{\"keys\":[" + key.substring(0, key.length() - 1) + ",\"use\":\"jwt-svid\"}]}";
    }

    public String svid(String spiffeId, String audience, Instant now) {
        return TestJws.sign(
                Map.of("alg", "ES256", "kid", trustDomainKid, "typ", "JWT"),
                Map.of(
                        "sub",
                        spiffeId,
                        "aud",
                        List.of(audience),
                        "iat",
                        now.getEpochSecond(),
                        "exp",
                        now.getEpochSecond() + 300),
                trustDomainKey.pair().getPrivate());
    }

    /** A presentation from {@code agent} to {@code realmIssuer} carrying {@code evidence} (source → JWT). */
    public String presentation(String agent, String realmIssuer, Map<String, String> evidence, Instant now) {
        return presentation(agent, realmIssuer, evidence, now, UUID.randomUUID().toString());
    }

    public String presentation(
            String agent, String realmIssuer, Map<String, String> evidence, Instant now, String jti) {
        return presentationWith(
                agent,
                realmIssuer,
                evidence.entrySet().stream()
                        .map(e -> Map.of("source", e.getKey(), "format", "jwt", "value", e.getValue()))
                        .toList(),
                now,
                jti);
    }

    /** A presentation with evidence items given in full ({@code source}, {@code format}, {@code value}). */
    public String presentationWith(
            String agent, String realmIssuer, List<Map<String, String>> items, Instant now, String jti) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", agent);
        claims.put("aud", realmIssuer);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 30);
        claims.put("jti", jti);
        claims.put("cnf", Map.of("jwk", instanceKey.publicJwk().toJSONObject()));
        claims.put("evidence", items);
        return TestJws.sign(
                Map.of("alg", "ES256", "typ", "agent-attestation+jwt"),
                claims,
                instanceKey.pair().getPrivate());
    }
}
