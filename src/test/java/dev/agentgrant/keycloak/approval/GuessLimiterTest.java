package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

class GuessLimiterTest {

    /** Keycloak's single-use store as far as the limiter uses it; entries never expire within a test. */
    static final class MemoryStore implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> entries = new HashMap<>();

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, notes);
        }

        @Override
        public Map<String, String> get(String key) {
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, notes) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void close() {}
    }

    private final MemoryStore store = new MemoryStore();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private final GuessLimiter limiter = new GuessLimiter(store, clock);

    @Test
    void tenFailuresFromOneAddressBlockIt() {
        for (int i = 0; i < GuessLimiter.MAX_FAILURES - 1; i++) {
            limiter.failed("realm", "192.0.2.1");
        }
        assertThat(limiter.blocked("realm", "192.0.2.1")).isFalse();
        limiter.failed("realm", "192.0.2.1");
        assertThat(limiter.blocked("realm", "192.0.2.1")).isTrue();
        assertThat(limiter.blocked("realm", "192.0.2.2"))
                .as("another IPv4 address")
                .isFalse();
        assertThat(limiter.blocked("other-realm", "192.0.2.1"))
                .as("another realm")
                .isFalse();
    }

    @Test
    void addressesOfOneIpv6Slash64ShareTheirBudget() {
        for (int i = 0; i < GuessLimiter.MAX_FAILURES; i++) {
            limiter.failed("realm", "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(limiter.blocked("realm", "2001:db8:1:2:dead:beef:0:1")).isTrue();
        assertThat(limiter.blocked("realm", "2001:db8:1:3::1")).isFalse();
    }

    @Test
    void theMappedFormOfAnIpv4AddressSharesItsBudget() {
        for (int i = 0; i < GuessLimiter.MAX_FAILURES; i++) {
            limiter.failed("realm", i % 2 == 0 ? "192.0.2.7" : "::ffff:192.0.2.7");
        }
        assertThat(limiter.blocked("realm", "192.0.2.7")).isTrue();
        assertThat(limiter.blocked("realm", "::ffff:192.0.2.7")).isTrue();
    }

    @Test
    void manyAddressesGuessingInOneRealmSpendTheRealmsBudget() {
        // Each address stays under its own budget; together they reach the realm's.
        for (int i = 0; i < GuessLimiter.MAX_REALM_FAILURES; i++) {
            limiter.failed("realm", "198.51.100." + (i % 50 + 1));
        }
        assertThat(limiter.blocked("realm", "198.51.100.1")).isTrue();
        assertThat(limiter.blocked("realm", "203.0.113.9"))
                .as("a fresh address in that realm")
                .isTrue();
        assertThat(limiter.blocked("other-realm", "203.0.113.9")).isFalse();
    }

    @Test
    void oneFailureShortOfTheRealmsBudgetStillLetsOthersTry() {
        for (int i = 0; i < GuessLimiter.MAX_REALM_FAILURES - 1; i++) {
            limiter.failed("realm", "2001:db8:" + Integer.toHexString(i) + "::1");
        }
        assertThat(limiter.blocked("realm", "203.0.113.9")).isFalse();
    }

    @Test
    void aNewWindowStartsAFreshBudget() {
        for (int i = 0; i < GuessLimiter.MAX_FAILURES; i++) {
            limiter.failed("realm", "192.0.2.1");
        }
        GuessLimiter later =
                new GuessLimiter(store, Clock.offset(clock, Duration.ofSeconds(GuessLimiter.WINDOW_SECONDS)));
        assertThat(later.blocked("realm", "192.0.2.1")).isFalse();
    }
}
