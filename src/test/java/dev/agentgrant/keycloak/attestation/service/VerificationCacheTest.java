package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MutableClock clock = new MutableClock();
    private final VerificationCache cache = new VerificationCache(clock, Duration.ofMinutes(5), 3);

    private static VerifiedEvidence evidence(Instant issued, Instant expires) {
        return new VerifiedEvidence("spire", Map.of("spiffe_id", "spiffe://example.org/a"),
                Optional.ofNullable(issued), Optional.ofNullable(expires), Optional.empty());
    }

    @Test
    void aResultIsNeverServedAfterTheEvidenceExpires() {
        String key = VerificationCache.key("spire", "v1", "token");
        cache.put(key, evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));

        clock.now = T0.plusSeconds(59);
        assertThat(cache.get(key)).isPresent();
        clock.now = T0.plusSeconds(60);
        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void theSourcesMaxAgeAndTheCachesOwnLimitBoundTheEntry() {
        String aged = VerificationCache.key("build", "v1", "envelope");
        cache.put(aged, evidence(T0.minusSeconds(50), null), Duration.ofSeconds(60));
        String longLived = VerificationCache.key("spire", "v1", "token");
        cache.put(longLived, evidence(T0, T0.plus(Duration.ofDays(1))), Duration.ofDays(2));

        clock.now = T0.plusSeconds(10);
        assertThat(cache.get(aged)).isEmpty();
        clock.now = T0.plus(Duration.ofMinutes(5));
        assertThat(cache.get(longLived)).isEmpty();
    }

    @Test
    void evidenceWithoutAnyTimeIsNotCached() {
        String key = VerificationCache.key("x", "v1", "e");
        cache.put(key, evidence(null, null), Duration.ofHours(1));

        assertThat(cache.get(key)).isEmpty();
    }

    @Test
    void aChangedSourceConfigurationMissesTheCache() {
        cache.put(VerificationCache.key("spire", "v1", "token"), evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));

        assertThat(cache.get(VerificationCache.key("spire", "v2", "token"))).isEmpty();
        assertThat(cache.get(VerificationCache.key("other", "v1", "token"))).isEmpty();
        assertThat(cache.get(VerificationCache.key("spire", "v1", "token2"))).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesWhenFull() {
        for (int i = 0; i < 3; i++) {
            cache.put(VerificationCache.key("s", "v", "e" + i), evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));
        }
        cache.get(VerificationCache.key("s", "v", "e0"));
        cache.put(VerificationCache.key("s", "v", "e3"), evidence(T0, T0.plusSeconds(60)), Duration.ofHours(1));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(VerificationCache.key("s", "v", "e0"))).isPresent();
        assertThat(cache.get(VerificationCache.key("s", "v", "e1"))).isEmpty();
    }
}
