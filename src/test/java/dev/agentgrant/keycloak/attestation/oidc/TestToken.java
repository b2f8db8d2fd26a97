package dev.agentgrant.keycloak.attestation.oidc;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A well-formed evidence JWT that each test case bends in one way: header, claims and signing key are open. */
public final class TestToken {

    public final Map<String, Object> header = new LinkedHashMap<>();
    public final Map<String, Object> claims = new LinkedHashMap<>();
    public TestKeys key;

    public TestToken(TestKeys key, String alg, String kid) {
        this.key = key;
        header.put("alg", alg);
        if (kid != null) {
            header.put("kid", kid);
        }
    }

    public String alg() {
        return (String) header.get("alg");
    }

    public String compact() {
        return TestJws.sign(header, claims, key.pair().getPrivate());
    }

    /** {@code header.payload} without the signature part. */
    public String signingInput() {
        return TestJws.b64(TestJws.json(header)) + "." + TestJws.b64(TestJws.json(claims));
    }

    /** Signs arbitrary payload bytes under this token's header, algorithm and key. */
    public String signRaw(byte[] payload) {
        String input = TestJws.b64(TestJws.json(header)) + "." + TestJws.b64(payload);
        return input + "."
                + TestJws.b64(
                        TestJws.signature(alg(), key.pair().getPrivate(), input.getBytes(StandardCharsets.US_ASCII)));
    }

    public String signRaw(String payloadJson) {
        return signRaw(payloadJson.getBytes(StandardCharsets.UTF_8));
    }
}
