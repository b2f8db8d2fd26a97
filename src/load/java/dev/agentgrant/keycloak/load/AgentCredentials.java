package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an agent instance holding {@link #key()} sends: the presentation that pins its task grants to the key at
 * request time (docs/wire-contract.md, "Agent instance key"), and with each exchange, minted ahead of time, a fresh
 * presentation (single-use {@code jti}, signed by the key) carrying always the same JWT-SVID, so the server verifies
 * the evidence once and then hits its verification cache, and a fresh DPoP proof (RFC 9449 §4.2) with the same key.
 *
 * <p>Both are short-lived: Keycloak accepts a DPoP proof whose {@code iat} is at most 10 s (its proof lifetime) plus
 * 15 s (its clock skew) old, a presentation lives 30 s plus the 15 s skew. So a batch is minted right before each
 * slice of load, no longer than {@link ClosedLoop#MAX_SLICE} ({@link PreMinted}).
 */
final class AgentCredentials {

    /** The SVID is renewed well before the source's default maximum evidence age (one hour). */
    private static final Duration SVID_RENEWAL = Duration.ofMinutes(30);

    /** A ready presentation, form-encoded, and the DPoP header. */
    record Credential(String encodedPresentation, String dpopProof) {}

    private final AgentGrantFixture agent;
    private final AgentKey key;
    private final String tokenEndpoint;
    private final PreMinted<Credential> batch = new PreMinted<>(this::mint);
    private volatile String svid;
    private volatile Instant svidIssuedAt = Instant.MIN;

    AgentCredentials(AgentGrantFixture agent, AgentKey key, String tokenEndpoint) {
        this.agent = agent;
        this.key = key;
        this.tokenEndpoint = tokenEndpoint;
    }

    AgentKey key() {
        return key;
    }

    /** Replaces the batch with enough fresh credentials for {@code slice} at {@code expectedRate} requests/s. */
    void refill(Duration slice, double expectedRate, int concurrency) {
        renewSvidIfOld();
        batch.refill(slice, expectedRate, concurrency);
    }

    Credential take() {
        return batch.take();
    }

    long mintedInLine() {
        return batch.mintedInLine();
    }

    /** A fresh presentation signed by the key, as sent with a grant request (which pins the grant to the key). */
    String presentation() {
        renewSvidIfOld();
        return presentation(Instant.now());
    }

    /** A fresh DPoP proof of the key for the token endpoint. */
    String dpopProof() {
        return key.dpopProof(tokenEndpoint);
    }

    private Credential mint() {
        return new Credential(
                URLEncoder.encode(presentation(Instant.now()), StandardCharsets.UTF_8), key.dpopProof(tokenEndpoint));
    }

    /** docs/wire-contract.md, "Attestation presentation": the agent's claims, {@code cnf.jwk} naming the key. */
    private String presentation(Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", agent.agent);
        claims.put("aud", agent.issuer());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 30);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("cnf", Map.of("jwk", key.keys().publicJwk().toJSONObject()));
        claims.put("evidence", List.of(Map.of("source", agent.source, "format", "jwt", "value", svid)));
        return key.sign(Map.of("typ", "agent-attestation+jwt"), claims);
    }

    /** One JWT-SVID for an hour (SPIFFE JWT-SVID §3), the same evidence value in every presentation. */
    private synchronized void renewSvidIfOld() {
        Instant now = Instant.now();
        if (svid != null && svidIssuedAt.plus(SVID_RENEWAL).isAfter(now)) {
            return;
        }
        svid = TestJws.sign(
                Map.of("alg", "ES256", "kid", agent.attestation.trustDomainKid, "typ", "JWT"),
                Map.of(
                        "sub",
                        agent.workload,
                        "aud",
                        List.of(agent.issuer()),
                        "iat",
                        now.getEpochSecond(),
                        "exp",
                        now.getEpochSecond() + 3600),
                agent.attestation.trustDomainKey.pair().getPrivate());
        svidIssuedAt = now;
    }
}
