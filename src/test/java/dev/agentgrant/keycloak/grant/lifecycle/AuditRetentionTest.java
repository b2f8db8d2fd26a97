package dev.agentgrant.keycloak.grant.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditRetentionTest {

    @Test
    void unsetOrBlankIsFourHundredDays() {
        assertThat(AuditRetention.read(null).retention()).contains(Duration.ofDays(400));
        assertThat(AuditRetention.read(" ").retention()).contains(Duration.ofDays(400));
        assertThat(AuditRetention.read(null).problem()).isEmpty();
    }

    @Test
    void aPlainNumberIsDaysAndUnitsAreRead() {
        assertThat(AuditRetention.read("30").retention()).contains(Duration.ofDays(30));
        assertThat(AuditRetention.read("90d").retention()).contains(Duration.ofDays(90));
        assertThat(AuditRetention.read("36h").retention()).contains(Duration.ofHours(36));
        assertThat(AuditRetention.read("15m").retention()).contains(Duration.ofMinutes(15));
        assertThat(AuditRetention.read(" 20s ").retention()).contains(Duration.ofSeconds(20));
        assertThat(AuditRetention.read("36500").retention()).contains(Duration.ofDays(36_500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0d", "36501", "-5", "4OO", "1.5", "10 d", "10D", "1w", "1y", "P400D", "9999999999"})
    void anUnreadableValueKeepsEverythingAndSaysWhy(String value) {
        AuditRetention.Setting setting = AuditRetention.read(value);
        assertThat(setting.retention()).isEmpty();
        assertThat(setting.problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains(value));
    }

    @Test
    void theCutoffIsNowLessTheRetention() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        assertThat(AuditRetention.cutoff(now, Duration.ofDays(400)))
                .isEqualTo(Instant.parse("2025-10-28T12:00:00Z").toEpochMilli());
    }

    @Test
    void batchesAreFullUntilTheRealmRunsOut() {
        AuditRetention.Plan plan = new AuditRetention.Plan(500, 10_000);
        assertThat(plan.nextBatch()).isEqualTo(500);
        assertThat(plan.deleted(500, 500)).as("a full batch: maybe more").isTrue();
        assertThat(plan.deleted(500, 120))
                .as("a short batch: the realm is done")
                .isFalse();
        assertThat(plan.removed()).isEqualTo(620);
        assertThat(plan.exhausted()).isFalse();
    }

    @Test
    void aRunStopsAtItsBudgetEvenWhenMoreIsLeft() {
        AuditRetention.Plan plan = new AuditRetention.Plan(500, 1_200);
        assertThat(plan.deleted(plan.nextBatch(), 500)).isTrue();
        assertThat(plan.deleted(plan.nextBatch(), 500)).isTrue();
        assertThat(plan.nextBatch()).as("only what is left of the budget").isEqualTo(200);
        assertThat(plan.deleted(200, 200))
                .as("budget spent, although the batch was full")
                .isFalse();
        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.nextBatch()).isZero();
        assertThat(plan.removed()).isEqualTo(1_200);
    }

    @Test
    void theDefaultPlanIsFiveHundredPerBatchAndTenThousandPerRun() {
        AuditRetention.Plan plan = new AuditRetention.Plan();
        int batches = 0;
        while (!plan.exhausted()) {
            int asked = plan.nextBatch();
            plan.deleted(asked, asked);
            assertThat(asked).isLessThanOrEqualTo(500);
            batches++;
        }
        assertThat(batches).isEqualTo(20);
        assertThat(plan.removed()).isEqualTo(10_000);
    }
}
