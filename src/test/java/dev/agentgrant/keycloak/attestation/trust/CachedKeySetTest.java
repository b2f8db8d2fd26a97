package dev.agentgrant.keycloak.attestation.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.TestClock;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial.KeySetFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Refresh, rate-limited refetch on an unknown kid, single flight, and bounded staleness of a fetched key set. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CachedKeySetTest {

    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final Duration MAX_STALE = Duration.ofHours(1);
    private static final TestKeys OLD_KEY = TestKeys.p256();
    private static final TestKeys NEW_KEY = TestKeys.p256();
    private static final String OLD_SET = jwks("old-1");
    private static final String NEW_SET = jwks("old-1", "new-1");

    private final KeySetServer server = KeySetServer.start();
    private final AtomicReference<String> served = new AtomicReference<>(OLD_SET);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicLong delayMillis = new AtomicLong();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private CachedKeySet cache;

    static String jwks(String... kids) {
        List<Object> keys = new ArrayList<>();
        for (String kid : kids) {
            keys.add(TrustMaterialTest.jwk(kid.startsWith("new") ? NEW_KEY : OLD_KEY, kid));
        }
        return TestJws.json(Map.of("keys", keys));
    }

    @BeforeEach
    void startCache() {
        server.serve("/jwks", exchange -> {
            sleep(delayMillis.get());
            KeySetServer.respond(exchange, status.get(), served.get());
        });
        KeySetFetcher fetcher = new KeySetFetcher(
                KeySetFetcher.newHttpClient(Duration.ofSeconds(2)),
                new KeySetFetcher.Settings(Duration.ofSeconds(2), TrustMaterial.MAX_LENGTH, true));
        cache = new CachedKeySet(
                () -> fetcher.fetch(server.uri("/jwks"), KeySetFormat.JWKS),
                new CachedKeySet.Settings(REFRESH, MIN_REFETCH, MAX_STALE),
                clock);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int fetches() {
        return server.hits("/jwks");
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }

    @Test
    void nothingIsFetchedUntilFirstUseThenTheSetIsServedFromTheCache() throws EvidenceRejected {
        assertThat(fetches()).isZero();

        assertThat(kids(cache.current())).containsExactly("old-1");
        clock.advance(REFRESH.minusSeconds(1));
        assertThat(kids(cache.current())).containsExactly("old-1");
        cache.refreshIfDue();

        assertThat(fetches()).isEqualTo(1);
    }

    @Test
    void aSetOlderThanTheRefreshIntervalIsRefetchedByCurrent() throws EvidenceRejected {
        cache.current();
        served.set(NEW_SET);
        clock.advance(REFRESH);

        assertThat(kids(cache.current())).containsExactly("old-1", "new-1");
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void theStatusTellsWhatTheCacheHoldsAndNeverFetches() throws EvidenceRejected {
        CachedKeySet.Status before = cache.status();
        assertThat(before.fetchedAt()).isEmpty();
        assertThat(before.lastAttempt()).isEmpty();
        assertThat(before.keys()).isEmpty();
        assertThat(before.usableUntil()).isEmpty();
        assertThat(fetches()).isZero();

        cache.current();
        Instant fetchedAt = clock.instant();
        served.set(NEW_SET);
        status.set(500);
        clock.advance(REFRESH);
        cache.refreshIfDue();

        CachedKeySet.Status after = cache.status();
        assertThat(after.fetchedAt()).contains(fetchedAt);
        assertThat(after.lastAttempt()).contains(clock.instant());
        assertThat(after.keys()).contains(1);
        assertThat(after.usableUntil()).contains(fetchedAt.plus(MAX_STALE));
        assertThat(after.lastFailure()).hasValueSatisfying(f -> assertThat(f).startsWith("http_status"));
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void theSchedulerRefreshesOnlyWhenDue() throws EvidenceRejected {
        cache.refreshIfDue();
        served.set(NEW_SET);
        clock.advance(REFRESH.minusSeconds(1));
        cache.refreshIfDue();
        assertThat(fetches()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        cache.refreshIfDue();

        assertThat(fetches()).isEqualTo(2);
        assertThat(kids(cache.current())).containsExactly("old-1", "new-1");
        assertThat(cache.status().fetchedAt()).contains(clock.instant());
    }

    @Test
    void anUnknownKidRefetchesAtMostOncePerMinimumInterval() throws EvidenceRejected {
        cache.current();
        served.set(NEW_SET);

        // Just fetched: a made-up kid may not trigger another request yet.
        assertThat(kids(cache.refetchForUnknownKid("new-1"))).containsExactly("old-1");
        assertThat(fetches()).isEqualTo(1);

        clock.advance(MIN_REFETCH);
        assertThat(kids(cache.refetchForUnknownKid("new-1"))).containsExactly("old-1", "new-1");
        assertThat(fetches()).isEqualTo(2);

        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(500));
            cache.refetchForUnknownKid("made-up-" + i);
        }
        assertThat(fetches()).as("25 s of made-up kids after a fetch").isEqualTo(2);

        clock.advance(Duration.ofSeconds(5));
        cache.refetchForUnknownKid("made-up-again");
        assertThat(fetches()).isEqualTo(3);
    }

    @Test
    void aKidAlreadyInTheSetCausesNoFetch() throws EvidenceRejected {
        cache.current();
        clock.advance(MIN_REFETCH.multipliedBy(2));

        assertThat(kids(cache.refetchForUnknownKid("old-1"))).containsExactly("old-1");
        assertThat(fetches()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentLookupsOfAnUnknownKidCauseOneFetchAndAllSeeTheNewKey() throws Exception {
        cache.current();
        served.set(NEW_SET);
        delayMillis.set(300);
        clock.advance(MIN_REFETCH);

        List<List<String>> results = inParallel(20, () -> kids(cache.refetchForUnknownKid("new-1")));

        assertThat(fetches()).isEqualTo(2);
        assertThat(results).hasSize(20).allSatisfy(kids -> assertThat(kids).containsExactly("old-1", "new-1"));
    }

    @Test
    void twentyConcurrentFirstUsesCauseOneFetch() throws Exception {
        delayMillis.set(300);

        List<List<String>> results = inParallel(20, () -> kids(cache.current()));

        assertThat(fetches()).isEqualTo(1);
        assertThat(results).hasSize(20).allSatisfy(kids -> assertThat(kids).containsExactly("old-1"));
    }

    @Test
    void callersHoldingAUsableSetDoNotWaitForARefreshInFlight() throws Exception {
        cache.current();
        clock.advance(REFRESH);
        delayMillis.set(1_500);
        ExecutorService scheduler = Executors.newSingleThreadExecutor();
        try {
            Future<?> refresh = scheduler.submit(cache::refreshIfDue);
            while (fetches() < 2) {
                Thread.sleep(10);
            }

            long started = System.nanoTime();
            JWKSet served = cache.current();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(kids(served)).containsExactly("old-1");
            assertThat(took).isLessThan(Duration.ofMillis(500));
            refresh.get(5, TimeUnit.SECONDS);
            assertThat(fetches()).isEqualTo(2);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aStaleSetIsServedWhileRefreshesFailUntilMaxStaleThenRefused() throws EvidenceRejected {
        cache.current();
        Instant fetchedAt = clock.instant();
        status.set(500);

        for (Duration step = Duration.ZERO; step.compareTo(MAX_STALE) < 0; step = step.plus(REFRESH)) {
            clock.advance(REFRESH);
            if (!clock.instant().isAfter(fetchedAt.plus(MAX_STALE))) {
                assertThat(kids(cache.current())).containsExactly("old-1");
            }
        }
        assertThat(cache.status().lastFailure())
                .hasValueSatisfying(f -> assertThat(f).startsWith("http_status"));
        int failedAttempts = fetches() - 1;
        assertThat(failedAttempts).isEqualTo(12);

        clock.advance(Duration.ofSeconds(1));
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, cache::current);

        assertThat(rejection.reason()).isEqualTo(CachedKeySet.UNAVAILABLE);
        assertThat(rejection.getMessage()).contains("http_status");
    }

    @Test
    void aSourceThatRecoversAfterMaxStaleIsUsedAgain() throws EvidenceRejected {
        cache.current();
        status.set(500);
        clock.advance(MAX_STALE.plusSeconds(1));
        assertThatThrownBy(cache::current).isInstanceOf(EvidenceRejected.class);

        status.set(200);
        served.set(NEW_SET);
        clock.advance(MIN_REFETCH);

        assertThat(kids(cache.current())).containsExactly("old-1", "new-1");
    }

    @Test
    void aDeadSourceIsUnavailableAndNotHammered() throws Exception {
        status.set(503);

        for (int i = 0; i < 10; i++) {
            EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, cache::current);
            assertThat(rejection.reason()).isEqualTo(CachedKeySet.UNAVAILABLE);
        }
        inParallel(20, () -> catchThrowableOfType(EvidenceRejected.class, () -> cache.refetchForUnknownKid("x")));
        assertThat(fetches()).isEqualTo(1);

        clock.advance(MIN_REFETCH);
        catchThrowableOfType(EvidenceRejected.class, cache::current);
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void aRefreshReturningRefusedMaterialKeepsTheLastGoodSet() throws EvidenceRejected {
        cache.current();
        served.set(TestJws.json(Map.of("keys", List.of(TrustMaterialTest.privateJwk(NEW_KEY, "leaked")))));
        clock.advance(REFRESH);

        assertThat(kids(cache.current())).containsExactly("old-1");
        assertThat(cache.status().lastFailure())
                .hasValueSatisfying(f -> assertThat(f).contains("private key material"));
    }

    @Test
    void aLoaderThatThrowsUncheckedNeverReachesTheSchedulerOrCaller() {
        CachedKeySet broken = new CachedKeySet(
                () -> {
                    throw new IllegalStateException("bug");
                },
                CachedKeySet.Settings.defaults(),
                clock);

        broken.refreshIfDue();
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, broken::current);

        assertThat(rejection.reason()).isEqualTo(CachedKeySet.UNAVAILABLE);
        assertThat(rejection.getMessage()).contains("bug");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new CachedKeySet.Settings(Duration.ZERO, MIN_REFETCH, MAX_STALE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachedKeySet.Settings(REFRESH, Duration.ofSeconds(-1), MAX_STALE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachedKeySet.Settings(REFRESH, MIN_REFETCH, REFRESH.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }

    /** Runs {@code call} on {@code threads} threads released at the same moment. */
    private static <T> List<T> inParallel(int threads, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(10, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theVersionStaysWhileTheKeysStayAndChangesWithThem() throws EvidenceRejected {
        String first = cache.currentVersion();
        clock.advance(REFRESH);
        String refetchedUnchanged = cache.currentVersion();
        served.set(NEW_SET);
        clock.advance(REFRESH);
        String rotated = cache.currentVersion();

        assertThat(fetches()).isEqualTo(3);
        assertThat(refetchedUnchanged).isEqualTo(first);
        assertThat(rotated).isNotEqualTo(first);
        assertThat(kids(cache.current())).containsExactly("old-1", "new-1");
    }

    @Test
    void aSetThatChangesAndChangesBackHasAVersionOfItsOwn() throws EvidenceRejected {
        // A result verified with the set in between must never be filed under the first set's version.
        String first = cache.currentVersion();
        served.set(NEW_SET);
        clock.advance(REFRESH);
        String between = cache.currentVersion();
        served.set(OLD_SET);
        clock.advance(REFRESH);
        String back = cache.currentVersion();

        assertThat(List.of(first, between, back)).doesNotHaveDuplicates();
    }

    @Test
    void noVersionWithoutAUsableSet() {
        status.set(500);

        assertThat(catchThrowableOfType(EvidenceRejected.class, cache::currentVersion)
                        .reason())
                .isEqualTo(CachedKeySet.UNAVAILABLE);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
