package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Results of evidence verification, keyed by every input of the decision ({@link VerificationCacheKey}: realm,
 * source component, alias and configuration version, the realm issuer the request sees, the source's own
 * request-dependent inputs such as the expected audience and the version of a fetched key set, and the evidence),
 * kept at most until the evidence itself expires and never longer than {@code maxTtl}. Only accepted evidence is
 * cached; a refusal is decided again every time.
 *
 * <p>Why the key is safe across a cluster: a changed source gets a new configuration version on every node as
 * soon as Keycloak's realm cache (invalidated cluster-wide) serves the new component, so stale results are simply
 * never looked up again. Policies are evaluated on every request and are not cached here. Bounded in size
 * (least recently used entries leave first).
 */
public final class VerificationCache {

    private final Clock clock;
    private final Duration maxTtl;
    private final boolean enabled;
    private final Map<VerificationCacheKey, Entry> entries;

    private record Entry(VerifiedEvidence evidence, Instant validUntil) {}

    public VerificationCache(Clock clock, Duration maxTtl, int maxEntries) {
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.enabled = maxEntries > 0 && !maxTtl.isZero() && !maxTtl.isNegative();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<VerificationCacheKey, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * {@code source}'s verdict on {@code item} in this request: a cached result when one was reached on exactly the
     * same inputs ({@link VerificationCacheKey}), else the source's verification, cached when the source allows.
     *
     * @param realmId the realm the source belongs to
     * @param sourceId the source's component id
     * @param realmIssuer the realm's issuer URL as the current request sees it
     * @throws EvidenceRejected as the source's verification
     */
    public VerifiedEvidence verify(
            String realmId, String sourceId, String realmIssuer, AttestationSource source, EvidenceItem item)
            throws EvidenceRejected {
        if (!enabled || !source.cacheable(item)) {
            return source.verify(item);
        }
        VerificationCacheKey key = VerificationCacheKey.of(realmId, sourceId, realmIssuer, source, item);
        Optional<VerifiedEvidence> cached = get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        VerifiedEvidence result = source.verify(item);
        if (inputsUnchanged(source, key)) {
            put(key, result, source.maxEvidenceAge());
        }
        return result;
    }

    /**
     * Whether the source's inputs are still those the key names: a key set fetched anew while the evidence was
     * being verified (an unknown {@code kid}, a background refresh) may have been the one it was verified with, and
     * then the result does not belong under the key looked up before. It is used, just not kept.
     */
    private static boolean inputsUnchanged(AttestationSource source, VerificationCacheKey key) {
        try {
            return source.verificationInputs().equals(key.sourceInputs());
        } catch (EvidenceRejected e) {
            return false;
        }
    }

    public synchronized Optional<VerifiedEvidence> get(VerificationCacheKey key) {
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
    public synchronized void put(VerificationCacheKey key, VerifiedEvidence evidence, Duration maxAge) {
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
