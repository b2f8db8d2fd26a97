package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.support.Sha256;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Results of evidence verification, keyed by (source alias, source configuration version, SHA-256 of the
 * evidence), kept at most until the evidence itself expires and never longer than {@code maxTtl}.
 *
 * <p>Why the key is safe across a cluster: a changed source gets a new configuration version on every node as
 * soon as Keycloak's realm cache (invalidated cluster-wide) serves the new component, so stale results are simply
 * never looked up again. Policies are evaluated on every request and are not cached here. Bounded in size
 * (least recently used entries leave first).
 */
public final class VerificationCache {

    private final Clock clock;
    private final Duration maxTtl;
    private final Map<String, Entry> entries;

    private record Entry(VerifiedEvidence evidence, Instant validUntil) {
    }

    public VerificationCache(Clock clock, Duration maxTtl, int maxEntries) {
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public static String key(String sourceAlias, String configVersion, String evidence) {
        return sourceAlias + '\u0000' + configVersion + '\u0000' + Sha256.base64Url(evidence);
    }

    public synchronized Optional<VerifiedEvidence> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.validUntil())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.evidence());
    }

    /**
     * Caches {@code evidence} until the earliest of its expiry, its issue time plus {@code maxAge}, and now plus
     * the cache's own maximum; evidence with neither expiry nor issue time is not cached at all.
     */
    public synchronized void put(String key, VerifiedEvidence evidence, Duration maxAge) {
        Instant now = clock.instant();
        Instant until = now.plus(maxTtl);
        if (evidence.expiresAt().isPresent()) {
            until = min(until, evidence.expiresAt().get());
        }
        if (evidence.issuedAt().isPresent()) {
            until = min(until, evidence.issuedAt().get().plus(maxAge));
        }
        if (evidence.expiresAt().isEmpty() && evidence.issuedAt().isEmpty()) {
            return;
        }
        if (until.isAfter(now)) {
            entries.put(key, new Entry(evidence, until));
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
