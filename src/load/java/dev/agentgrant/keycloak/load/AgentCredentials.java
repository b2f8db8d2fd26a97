package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * What an agent sends with each exchange of its task grant, minted ahead of time: a fresh presentation (single-use
 * {@code jti}, signed by the pinned instance key) carrying always the same JWT-SVID, so the server verifies the
 * evidence once and then hits its verification cache, and a fresh DPoP proof (RFC 9449 §4.2) with the same key.
 *
 * <p>Both are short-lived: Keycloak accepts a DPoP proof whose {@code iat} is at most 10 s (its proof lifetime) plus
 * 15 s (its clock skew) old, a presentation lives 30 s plus the 15 s skew. So a batch is minted right before each
 * slice of load, no longer than {@link ClosedLoop#MAX_SLICE}, and used oldest first. When a batch runs out the
 * virtual user mints in line, outside the measured time but on the machine's cores; the report counts those.
 */
final class AgentCredentials {

    /** How much longer than the last slice's rate suggests a batch is, so it rarely runs out. */
    private static final double HEADROOM = 2;
    /** The SVID is renewed well before the source's default maximum evidence age (one hour). */
    private static final Duration SVID_RENEWAL = Duration.ofMinutes(30);

    /** A ready presentation, form-encoded, and the DPoP header. */
    record Credential(String encodedPresentation, String dpopProof) {}

    private final AgentGrantFixture agent;
    private final String tokenEndpoint;
    private final Queue<Credential> batch = new ConcurrentLinkedQueue<>();
    private final AtomicLong mintedInLine = new AtomicLong();
    private volatile String svid;
    private volatile Instant svidIssuedAt = Instant.MIN;

    AgentCredentials(AgentGrantFixture agent, String tokenEndpoint) {
        this.agent = agent;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** Replaces the batch with enough fresh credentials for {@code slice} at {@code expectedRate} requests/s. */
    void refill(Duration slice, double expectedRate, int concurrency) {
        batch.clear();
        renewSvidIfOld();
        int count = (int) Math.ceil(expectedRate * slice.toMillis() / 1000.0 * HEADROOM) + 4 * concurrency;
        // Parallel: both cores mint while no load runs. Order within the batch does not matter, every credential
        // of it is minted within the same few seconds.
        IntStream.range(0, count).parallel().mapToObj(i -> mint()).forEach(batch::add);
    }

    Credential take() {
        Credential credential = batch.poll();
        if (credential == null) {
            mintedInLine.incrementAndGet();
            return mint();
        }
        return credential;
    }

    long mintedInLine() {
        return mintedInLine.get();
    }

    private Credential mint() {
        Instant now = Instant.now();
        String presentation =
                agent.attestation.presentation(agent.agent, agent.issuer(), Map.of(agent.source, svid), now);
        return new Credential(
                URLEncoder.encode(presentation, StandardCharsets.UTF_8),
                ExchangeCalls.dpopProof(agent.attestation.instanceKey, tokenEndpoint));
    }

    /** One JWT-SVID for an hour (SPIFFE JWT-SVID §3), the same evidence value in every presentation. */
    private void renewSvidIfOld() {
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
