package dev.agentgrant.keycloak.attestation.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.TestClock;
import dev.agentgrant.keycloak.attestation.source.TrustAnchors;
import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial.KeySetFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a source's status shows of its trust material: inline keys, and a fetched set before and after fetches. */
class TrustStatusTest {

    private final KeySetServer server = KeySetServer.start();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void inlineKeysShowTheirKeyIdsAndNoFetch() throws EvidenceRejected {
        TrustAnchors anchors = TrustAnchors.inline(TrustMaterial.parseJwks(CachedKeySetTest.jwks("old-1", "new-1")));

        TrustStatus status = anchors.status();

        assertThat(status.origin()).isEqualTo(TrustStatus.INLINE);
        assertThat(status.keyIds()).containsExactly("old-1", "new-1");
        assertThat(status.fetchedAt()).isEmpty();
        assertThat(status.lastFailure()).isEmpty();
    }

    @Test
    void aFetchedSetShowsNothingBeforeItsFirstFetchThenWhenAndWhatItFetchedThenWhyARefreshFailed()
            throws EvidenceRejected {
        AtomicInteger answer = new AtomicInteger(200);
        server.serve("/jwks", exchange -> KeySetServer.respond(exchange, answer.get(), CachedKeySetTest.jwks("old-1")));
        KeySetFetcher fetcher = new KeySetFetcher(
                KeySetFetcher.newHttpClient(Duration.ofSeconds(2)),
                new KeySetFetcher.Settings(Duration.ofSeconds(2), TrustMaterial.MAX_LENGTH, true));
        CachedKeySet cache = new CachedKeySet(
                () -> fetcher.fetch(server.uri("/jwks"), KeySetFormat.JWKS),
                new CachedKeySet.Settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1)),
                clock);
        TrustAnchors anchors = TrustAnchors.fetched(cache);

        TrustStatus before = anchors.status();
        assertThat(before.origin()).isEqualTo(TrustStatus.URL);
        assertThat(before.keyIds()).isEmpty();
        assertThat(before.fetchedAt()).isEmpty();
        assertThat(server.hits("/jwks"))
                .as("a status is answered without fetching")
                .isZero();

        cache.current();
        TrustStatus fetched = anchors.status();
        assertThat(fetched.keyIds()).containsExactly("old-1");
        assertThat(fetched.fetchedAt()).contains(clock.instant());
        assertThat(fetched.lastFailure()).isEmpty();

        answer.set(500);
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(cache::current).isInstanceOf(EvidenceRejected.class);
        TrustStatus failed = anchors.status();
        assertThat(failed.keyIds())
                .as("the last good set is still what is held")
                .containsExactly("old-1");
        assertThat(failed.fetchedAt()).contains(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(failed.lastAttempt()).contains(clock.instant());
        assertThat(failed.lastFailure())
                .hasValueSatisfying(reason -> assertThat(reason).contains("answered HTTP 500"));
    }
}
