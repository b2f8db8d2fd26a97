package dev.agentgrant.demo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the demo API keeps of introspection's answers: active task-token answers only, for the configured time and
 * never past the token's exp, at most {@link IntrospectionCache#MAX_ENTRIES}, and none once a push names their grant.
 */
class IntrospectionCacheTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final IntrospectionCache cache = new IntrospectionCache(Duration.ofSeconds(60), clock);

    @Test
    void anActiveTaskTokensAnswerIsKeptWithItsAgeUntilTheConfiguredTime() {
        cache.put("token-1", active("grant-1"));
        clock.now = clock.now.plusSeconds(59);

        assertThat(cache.get("token-1")).hasValueSatisfying(hit -> {
            assertThat(hit.answer()).containsEntry("grant_id", "grant-1");
            assertThat(hit.ageSeconds()).isEqualTo(59);
        });
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.get("token-1")).isEmpty();
    }

    @Test
    void anAnswerIsNeverKeptPastTheTokensExp() {
        Map<String, Object> answer = active("grant-1");
        answer.put("exp", clock.now.getEpochSecond() + 10);
        cache.put("token-1", answer);

        clock.now = clock.now.plusSeconds(10);

        assertThat(cache.get("token-1")).isEmpty();
    }

    @Test
    void inactiveAnswersAndAnswersWithoutAGrantAreNotKept() {
        cache.put("inactive", Map.of("active", false));
        Map<String, Object> noGrant = active("grant-1");
        noGrant.remove("grant_id");
        cache.put("no-grant", noGrant);
        Map<String, Object> expired = active("grant-1");
        expired.put("exp", clock.now.getEpochSecond());
        cache.put("expired", expired);

        assertThat(cache.get("inactive")).isEmpty();
        assertThat(cache.get("no-grant")).isEmpty();
        assertThat(cache.get("expired")).isEmpty();
    }

    @Test
    void aZeroTimeKeepsNothing() {
        IntrospectionCache none = new IntrospectionCache(Duration.ZERO, clock);
        none.put("token-1", active("grant-1"));

        assertThat(none.get("token-1")).isEmpty();
    }

    @Test
    void droppingAGrantForgetsEveryAnswerAboutItsTokensAndNoOther() {
        cache.put("token-1", active("grant-1"));
        cache.put("token-2", active("grant-1"));
        cache.put("token-3", active("grant-2"));

        assertThat(cache.dropGrant("grant-1")).isEqualTo(2);
        assertThat(cache.dropGrant("grant-1")).isZero();

        assertThat(cache.get("token-1")).isEmpty();
        assertThat(cache.get("token-2")).isEmpty();
        assertThat(cache.get("token-3")).isPresent();
    }

    @Test
    void atMostMaxEntriesAreKeptTheOldestGoingFirst() {
        for (int i = 0; i <= IntrospectionCache.MAX_ENTRIES; i++) {
            cache.put("token-" + i, active("grant-" + i));
        }

        assertThat(cache.get("token-0")).isEmpty();
        assertThat(cache.get("token-1")).isPresent();
        assertThat(cache.get("token-" + IntrospectionCache.MAX_ENTRIES)).isPresent();
    }

    @Test
    void anAnswerWithNullMembersIsKeptAsItCame() {
        Map<String, Object> answer = active("grant-1");
        answer.put("username", null);
        cache.put("token-1", answer);

        assertThat(cache.get("token-1"))
                .hasValueSatisfying(hit -> assertThat(hit.answer()).containsEntry("username", null));
    }

    private static Map<String, Object> active(String grantId) {
        Map<String, Object> answer = new HashMap<>();
        answer.put("active", true);
        answer.put("grant_id", grantId);
        answer.put("sub", "alice-id");
        return answer;
    }
}
