package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Http;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The token-endpoint calls of an agent exchanging its task grant, as the integration tests make them. */
public final class ExchangeCalls {

    private ExchangeCalls() {}

    public static String tokenPath(AgentGrantFixture agent) {
        return "/realms/" + agent.realm + "/protocol/openid-connect/token";
    }

    /**
     * The token endpoint as reached through {@code node}, which a DPoP proof's {@code htu} must match: Keycloak compares
     * it with the URL the request arrived at (RFC 9449 §4.3), even where both nodes share one hostname.
     */
    public static String tokenEndpoint(Http node, AgentGrantFixture agent) {
        return node.base().resolve(tokenPath(agent)).toString();
    }

    /** RFC 9449 §4.2: a proof for a POST to {@code htu}, signed by {@code key}, carrying its public JWK. */
    public static String dpopProof(TestKeys key, String htu) {
        return dpopProof(key, htu, null);
    }

    /** The same carrying a server-provided {@code nonce} (RFC 9449 §8), unless it is null. */
    public static String dpopProof(TestKeys key, String htu, String nonce) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "ES256");
        header.put("jwk", key.publicJwk().toJSONObject());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", "POST");
        claims.put("htu", htu);
        claims.put("iat", Instant.now().getEpochSecond());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        return TestJws.sign(header, claims, key.pair().getPrivate());
    }

    public static Map<String, String> exchangeForm(String grantId, String presentation) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", grantId);
        form.put("subject_token_type", "urn:agentgrant:token-type:task-grant");
        form.put("actor_token", presentation);
        form.put("actor_token_type", "urn:agentgrant:token-type:attestation");
        return form;
    }

    /** Sends an exchange through {@code node}, with a DPoP header unless {@code dpop} is null. */
    public static Http.Response send(
            Http node, String tokenPath, AgentGrantFixture agent, Map<String, String> form, String dpop) {
        return dpop == null
                ? node.postForm(tokenPath, form, "Authorization", agent.basicAuth())
                : node.postForm(tokenPath, form, "Authorization", agent.basicAuth(), "DPoP", dpop);
    }

    /** A well-formed exchange: fresh presentation, fresh DPoP proof with the pinned instance key. */
    public static Http.Response exchange(Http node, AgentGrantFixture agent, String grantId) {
        return send(
                node,
                tokenPath(agent),
                agent,
                exchangeForm(grantId, agent.presentation()),
                dpopProof(agent.attestation.instanceKey, tokenEndpoint(node, agent)));
    }

    /** A sub-agent's exchange (docs/wire-contract.md, "Sub-agent chains"): the parent's task token, its own presentation. */
    public static Map<String, String> chainForm(String parentToken, String presentation) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", parentToken);
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        form.put("actor_token", presentation);
        form.put("actor_token_type", "urn:agentgrant:token-type:attestation");
        return form;
    }

    /** {@code subAgent} takes {@code parentToken} over: a fresh presentation and a DPoP proof with its own key. */
    public static Http.Response handOver(Http node, AgentGrantFixture subAgent, String parentToken) {
        return handOver(node, subAgent, parentToken, Map.of());
    }

    /** The same with {@code changes} to the form (null values remove a member). */
    public static Http.Response handOver(
            Http node, AgentGrantFixture subAgent, String parentToken, Map<String, String> changes) {
        return send(
                node,
                tokenPath(subAgent),
                subAgent,
                AgentGrantFixture.changed(chainForm(parentToken, subAgent.presentation()), changes),
                dpopProof(subAgent.attestation.instanceKey, tokenEndpoint(node, subAgent)));
    }
}
