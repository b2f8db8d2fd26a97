package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A key an agent instance (or a client) signs with, of one of the types agents choose: ES256 (P-256, RFC 7518 §3.4)
 * or Ed25519 (EdDSA, RFC 8037 §3.1). Signs presentations and DPoP proofs (RFC 9449 §4.2) with the JWS algorithm the
 * key type calls for.
 */
record AgentKey(String label, String jwsAlgorithm, TestKeys keys) {

    static AgentKey es256() {
        return new AgentKey("ES256", "ES256", TestKeys.p256());
    }

    static AgentKey ed25519() {
        return new AgentKey("Ed25519", "EdDSA", TestKeys.ed25519());
    }

    /** A compact JWS of {@code claims} with {@code header} (its {@code alg} set here). */
    String sign(Map<String, Object> header, Map<String, Object> claims) {
        Map<String, Object> withAlgorithm = new LinkedHashMap<>(header);
        withAlgorithm.put("alg", jwsAlgorithm);
        return TestJws.sign(withAlgorithm, claims, keys.pair().getPrivate());
    }

    /** RFC 9449 §4.2: a fresh proof for a POST to {@code htu}, carrying this key's public JWK. */
    String dpopProof(String htu) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("jwk", keys.publicJwk().toJSONObject());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", "POST");
        claims.put("htu", htu);
        claims.put("iat", Instant.now().getEpochSecond());
        return sign(header, claims);
    }
}
