package dev.agentgrant.keycloak.approval;

import java.time.Clock;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Slows down guessing of user codes (RFC 8628 §5.1) with two budgets per fixed window: at most {@link #MAX_FAILURES}
 * wrong codes per {@link AddressBucket} (one IPv4 address, one IPv6 /64) and realm, and at most
 * {@link #MAX_REALM_FAILURES} per realm from all addresses together, so that many addresses guessing in one realm are
 * throttled too. Failures are counted only once the person has signed in (the verification page tells a code's result
 * only then), in Keycloak's cluster-wide single-use store with {@code putIfAbsent} on numbered keys, so the count holds
 * across nodes without a read-modify-write; the entries expire by themselves.
 */
final class GuessLimiter {

    static final int MAX_FAILURES = 10;
    static final int MAX_REALM_FAILURES = 100;
    static final long WINDOW_SECONDS = 300;
    private static final String PREFIX = "agent-grant:user-code-failures:";

    private final SingleUseObjectProvider store;
    private final Clock clock;

    GuessLimiter(SingleUseObjectProvider store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    boolean blocked(String realmId, String address) {
        return store.contains(bucketKey(realmId, address, MAX_FAILURES))
                || store.contains(realmKey(realmId, MAX_REALM_FAILURES));
    }

    void failed(String realmId, String address) {
        count(bucketKey(realmId, address, 0), MAX_FAILURES);
        count(realmKey(realmId, 0), MAX_REALM_FAILURES);
    }

    /** Takes the first free number up to {@code max}; all taken means the budget is spent until the window ends. */
    private void count(String base, int max) {
        for (int n = 1; n <= max; n++) {
            if (store.putIfAbsent(numbered(base, n), WINDOW_SECONDS)) {
                return;
            }
        }
    }

    private String bucketKey(String realmId, String address, int n) {
        return numbered(PREFIX + realmId + ":" + AddressBucket.of(address) + ":" + window(), n);
    }

    private String realmKey(String realmId, int n) {
        return numbered(PREFIX + realmId + ":realm:" + window(), n);
    }

    private static String numbered(String base, int n) {
        return n == 0 ? base : base + ":" + n;
    }

    private long window() {
        return clock.millis() / 1000 / WINDOW_SECONDS;
    }
}
