package dev.agentgrant.demo.api;

import dev.agentgrant.demo.client.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Introspection answers the API keeps for a while, so that not every call asks Keycloak (RFC 7662 §4 lets a resource
 * server cache them, weighing "the risk of using revoked tokens"). Only an active answer for a task token (one with a
 * {@code grant_id}) is kept: it is what a Shared Signals push about that grant ({@link PushReceiver}) can take back at
 * once, so a revoked grant stops working on the next call, not when the entry runs out. An entry lives at most the
 * configured time and never past the token's {@code exp}; at most {@link #MAX_ENTRIES} are kept, the oldest going
 * first. Keys are SHA-256 hashes of the tokens: the API holds no token it was sent.
 */
final class IntrospectionCache {

    static final int MAX_ENTRIES = 1_000;

    /** A kept answer: what introspection said, for which grant, when, and until when it may be used. */
    private record Entry(Map<String, Object> answer, String grantId, long at, long until) {}

    /** A hit: the answer and how many seconds ago introspection gave it. */
    record Hit(Map<String, Object> answer, long ageSeconds) {}

    private final long ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** @param ttl how long an answer is kept at most; zero keeps none */
    IntrospectionCache(Duration ttl, Clock clock) {
        this.ttl = ttl.toSeconds();
        this.clock = clock;
    }

    synchronized Optional<Hit> get(String token) {
        long now = clock.instant().getEpochSecond();
        String key = key(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.until() <= now) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(new Hit(entry.answer(), now - entry.at()));
    }

    /** Keeps {@code answer} if it is an active task token's and may live at all. */
    synchronized void put(String token, Map<String, Object> answer) {
        if (ttl <= 0
                || !Boolean.TRUE.equals(answer.get("active"))
                || !(answer.get("grant_id") instanceof String grantId)
                || grantId.isEmpty()) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        long until = now + ttl;
        if (answer.get("exp") instanceof Number exp) {
            until = Math.min(until, exp.longValue());
        }
        if (until <= now) {
            return;
        }
        entries.values().removeIf(entry -> entry.until() <= now);
        Iterator<String> oldest = entries.keySet().iterator();
        while (entries.size() >= MAX_ENTRIES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        entries.put(
                key(token), new Entry(Collections.unmodifiableMap(new LinkedHashMap<>(answer)), grantId, now, until));
    }

    /** Forgets every answer about tokens of {@code grantId}; how many there were. */
    synchronized int dropGrant(String grantId) {
        int before = entries.size();
        entries.values().removeIf(entry -> entry.grantId().equals(grantId));
        return before - entries.size();
    }

    private static String key(String token) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
