package dev.agentgrant.keycloak.attestation.trust;

import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.support.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The key set of one attestation source whose trust material is a URL: the last good set, refreshed on a
 * schedule, refetched once on an unknown {@code kid}, and served stale for a bounded time when refreshes fail.
 * <ul>
 *   <li><b>single flight:</b> at most one fetch runs at a time. Callers that have a usable set never wait for it;
 *       callers that have none (first load, past {@code maxStale}, unknown {@code kid}) wait for the fetch in
 *       flight, whose duration the {@link KeySetFetcher} deadline bounds, and then use its result;</li>
 *   <li><b>rate limit:</b> a fetch starts at most once per {@code minRefetchInterval}, whatever asks for it —
 *       tokens with made-up {@code kid}s or a dead endpoint cannot turn the extension into a request amplifier;</li>
 *   <li><b>bounded staleness:</b> a failed refresh keeps the last good set in service until {@code maxStale} after
 *       its fetch; from then on {@link #current()} fails with {@value #UNAVAILABLE} until a fetch succeeds, so a
 *       key removed at the source (rotated out after a compromise) cannot stay trusted forever;</li>
 *   <li><b>no threads of its own:</b> the Keycloak factory owns a scheduler and calls {@link #refreshIfDue()};
 *       without one, {@link #current()} refreshes a due set inline.</li>
 * </ul>
 */
public final class CachedKeySet {

    public static final String UNAVAILABLE = "trust_material_unavailable";

    /** Fetches the key set; {@code () -> fetcher.fetch(url, format)} with a {@link KeySetFetcher}. */
    @FunctionalInterface
    public interface Loader {
        JWKSet load() throws EvidenceRejected;
    }

    /**
     * @param refreshInterval how old the set may grow before a refresh is due (SPIFFE Trust Domain and Bundle
     *                        §6.2 suggests about five minutes)
     * @param minRefetchInterval the least time between two fetch attempts, whatever triggers them
     * @param maxStale how long after the last successful fetch the set may still be used; at least
     *                 {@code refreshInterval}
     */
    public record Settings(Duration refreshInterval, Duration minRefetchInterval, Duration maxStale) {

        /** Rejects nonsensical values at startup; these are settings, not request input. */
        public Settings {
            if (refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()) {
                throw new IllegalArgumentException("Key set refresh interval must be positive, is " + refreshInterval);
            }
            if (minRefetchInterval == null || minRefetchInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "Minimum refetch interval must not be negative, is " + minRefetchInterval);
            }
            if (maxStale == null || maxStale.compareTo(refreshInterval) < 0) {
                throw new IllegalArgumentException(
                        "Maximum staleness " + maxStale + " must be at least the refresh interval " + refreshInterval);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(24));
        }
    }

    /** What an admin page or health check may show about the cache. */
    public record Status(Optional<Instant> fetchedAt, Optional<Instant> lastAttempt, Optional<String> lastFailure) {}

    /**
     * @param generation grows whenever a fetch brings other keys than the set before it, so a set that changes
     *                   and changes back is a different version from the one it had first
     * @param digest SHA-256 of the public keys' JSON
     */
    private record Snapshot(JWKSet keys, Instant fetchedAt, long generation, String digest) {

        String version() {
            return generation + ":" + digest;
        }
    }

    private final Loader loader;
    private final Settings settings;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();

    private volatile Snapshot snapshot;
    private volatile Instant lastAttempt;
    private volatile EvidenceRejected lastFailure;

    /** Fetches nothing yet: the first {@link #current()} or {@link #refreshIfDue()} loads the set. */
    public CachedKeySet(Loader loader, Settings settings, Clock clock) {
        this.loader = loader;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The key set to verify with. Loads it on first use, refreshes it when due (without waiting if another
     * caller is already fetching), and fails with {@value #UNAVAILABLE} when there is no set or the last good one
     * is older than {@code maxStale}.
     */
    public JWKSet current() throws EvidenceRejected {
        return currentSnapshot().keys();
    }

    /**
     * The version of the key set {@link #current()} would answer now (loading or refreshing it just as that
     * would): equal versions mean the same keys, and a set that was replaced and later fetched again with the same
     * keys gets a new version. Verification results are cached under it (see {@code VerificationCacheKey}).
     */
    public String currentVersion() throws EvidenceRejected {
        return currentSnapshot().version();
    }

    private Snapshot currentSnapshot() throws EvidenceRejected {
        Snapshot seen = snapshot;
        Instant now = clock.instant();
        if (seen != null && !isDue(seen, now)) {
            return seen;
        }
        if (seen == null || isExpired(seen, now)) {
            fetchWaiting(latest -> latest != null && !isDue(latest, clock.instant()));
        } else {
            fetchIfFree();
        }
        return usableSnapshot();
    }

    /**
     * The key set after a JWS named a {@code kid} that {@link #current()} did not hold: fetches once more, unless
     * a fetch was attempted within {@code minRefetchInterval} (then the set is returned as it is). While another
     * caller fetches, this one waits for that result instead of starting its own fetch.
     *
     * @param kid the key id looked for, or null when the JWS named none (then only the rate limit applies)
     */
    public JWKSet refetchForUnknownKid(String kid) throws EvidenceRejected {
        if (holds(snapshot, kid)) {
            return current();
        }
        fetchWaiting(latest -> holds(latest, kid));
        return usable();
    }

    /** For the factory's scheduler: fetches when the set is due and no fetch is running; never throws. */
    public void refreshIfDue() {
        Snapshot seen = snapshot;
        if (seen == null || isDue(seen, clock.instant())) {
            fetchIfFree();
        }
    }

    /** The keys of the last good fetch, without fetching; empty before the first one succeeded. */
    public Optional<JWKSet> held() {
        return Optional.ofNullable(snapshot).map(Snapshot::keys);
    }

    public Status status() {
        Snapshot seen = snapshot;
        EvidenceRejected failure = lastFailure;
        return new Status(
                Optional.ofNullable(seen).map(Snapshot::fetchedAt),
                Optional.ofNullable(lastAttempt),
                Optional.ofNullable(failure).map(f -> f.reason() + ": " + f.getMessage()));
    }

    private void fetchIfFree() {
        if (!fetching.tryLock()) {
            return;
        }
        try {
            Snapshot seen = snapshot;
            if (seen == null || isDue(seen, clock.instant())) {
                fetchIfAllowed();
            }
        } finally {
            fetching.unlock();
        }
    }

    /**
     * Waits for a fetch in flight, then fetches itself unless the set that wait produced already answers (or the
     * rate limit says no): the waiters of a burst reuse the one fetch instead of queueing up fetches of their own.
     */
    private void fetchWaiting(Predicate<Snapshot> answers) throws EvidenceRejected {
        try {
            fetching.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceRejected(UNAVAILABLE, "Interrupted while waiting for the key set");
        }
        try {
            if (!answers.test(snapshot)) {
                fetchIfAllowed();
            }
        } finally {
            fetching.unlock();
        }
    }

    private static boolean holds(Snapshot seen, String kid) {
        return seen != null && kid != null && seen.keys().getKeyByKeyId(kid) != null;
    }

    /** Called holding the lock. */
    private void fetchIfAllowed() {
        Instant now = clock.instant();
        Instant previous = lastAttempt;
        if (previous != null && now.isBefore(previous.plus(settings.minRefetchInterval()))) {
            return;
        }
        lastAttempt = now;
        try {
            JWKSet keys = loader.load();
            if (keys == null || keys.isEmpty()) {
                throw new EvidenceRejected(TrustMaterial.INVALID, "The key set source returned no keys");
            }
            String digest = Sha256.base64Url(keys.toString(true));
            Snapshot before = snapshot;
            long generation =
                    before == null ? 1 : before.digest().equals(digest) ? before.generation() : before.generation() + 1;
            snapshot = new Snapshot(keys, clock.instant(), generation, digest);
            lastFailure = null;
        } catch (EvidenceRejected e) {
            lastFailure = e;
        } catch (RuntimeException e) {
            // The loader's contract is a typed rejection; a bug in one must not take down the caller or scheduler.
            lastFailure = new EvidenceRejected(KeySetFetcher.UNREACHABLE, "Key set loader failed: " + e);
        }
    }

    private JWKSet usable() throws EvidenceRejected {
        return usableSnapshot().keys();
    }

    private Snapshot usableSnapshot() throws EvidenceRejected {
        Snapshot seen = snapshot;
        EvidenceRejected failure = lastFailure;
        String cause = failure == null ? "" : " (last attempt: " + failure.reason() + ": " + failure.getMessage() + ")";
        if (seen == null) {
            throw new EvidenceRejected(UNAVAILABLE, "The key set has not been fetched yet" + cause);
        }
        if (isExpired(seen, clock.instant())) {
            throw new EvidenceRejected(
                    UNAVAILABLE,
                    "The last good key set, fetched at " + seen.fetchedAt()
                            + ", is older than the allowed staleness of " + settings.maxStale() + cause);
        }
        return seen;
    }

    private boolean isDue(Snapshot seen, Instant now) {
        return !now.isBefore(seen.fetchedAt().plus(settings.refreshInterval()));
    }

    private boolean isExpired(Snapshot seen, Instant now) {
        return now.isAfter(seen.fetchedAt().plus(settings.maxStale()));
    }
}
