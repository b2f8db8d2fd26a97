package dev.agentgrant.keycloak.approval;

import org.keycloak.models.SingleUseObjectProvider;

import java.time.Clock;

/**
 * Slows down guessing of user codes (RFC 8628 §5.1): at most {@link #MAX_FAILURES} wrong codes per client address
 * and realm in a fixed window. Failures are counted in Keycloak's cluster-wide single-use store with
 * {@code putIfAbsent} on numbered keys, so the count holds across nodes without a read-modify-write; the entries
 * expire by themselves.
 */
final class GuessLimiter {

    static final int MAX_FAILURES = 10;
    static final long WINDOW_SECONDS = 300;
    private static final String PREFIX = "agent-grant:user-code-failures:";

    private final SingleUseObjectProvider store;
    private final Clock clock;

    GuessLimiter(SingleUseObjectProvider store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    boolean blocked(String realmId, String address) {
        return store.contains(key(realmId, address, MAX_FAILURES));
    }

    void failed(String realmId, String address) {
        for (int n = 1; n <= MAX_FAILURES; n++) {
            if (store.putIfAbsent(key(realmId, address, n), WINDOW_SECONDS)) {
                return;
            }
        }
    }

    private String key(String realmId, String address, int n) {
        long window = clock.millis() / 1000 / WINDOW_SECONDS;
        return PREFIX + realmId + ":" + address + ":" + window + ":" + n;
    }
}
