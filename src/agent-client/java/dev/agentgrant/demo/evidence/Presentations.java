package dev.agentgrant.demo.evidence;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.agentgrant.demo.client.InstanceKey;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.Jws;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The attestation presentation, the agent's actor_token (docs/attestation.md, "Presentation"): a compact JWS of typ
 * agent-attestation+jwt signed with the instance key, carrying the evidence and the instance key as cnf.jwk.
 */
public final class Presentations {

    static final JOSEObjectType TYPE = new JOSEObjectType("agent-attestation+jwt");
    /** Wire contract: a presentation lives at most 60 s and carries at most 8 evidence items. */
    static final int MAX_TTL = 60;

    static final int MAX_EVIDENCE_ITEMS = 8;

    private Presentations() {}

    /** One evidence item of a presentation: its source alias, format (jwt, dsse, digest-ref) and value. */
    public static Map<String, Object> item(String source, String format, String value) {
        return Json.map("source", source, "format", format, "value", value);
    }

    public static String sign(
            InstanceKey key, String agent, String audience, long ttl, String jti, List<Map<String, Object>> evidence) {
        long iat = Instant.now().getEpochSecond();
        Map<String, Object> claims = Json.map(
                "iss",
                agent,
                "aud",
                audience,
                "iat",
                iat,
                "exp",
                iat + ttl,
                "jti",
                jti,
                "cnf",
                Json.map("jwk", key.publicJwk().toJSONObject()));
        if (!evidence.isEmpty()) {
            claims.put("evidence", evidence);
        }
        return Jws.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).build(), claims, key.signer());
    }
}
