package dev.agentgrant.keycloak.grant.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cleanup run's expiry: bounded batches, bounded per run, stopping when nothing more is due. */
class ExpiryRunTest {

    /** A backlog of due grants, each batch taking what it is allowed to. */
    private static final class Backlog {
        int due;
        final List<Integer> asked = new ArrayList<>();

        Backlog(int due) {
            this.due = due;
        }

        int expire(int max) {
            asked.add(max);
            int expired = Math.min(max, due);
            due -= expired;
            return expired;
        }
    }

    @Test
    void aSmallBacklogIsOneShortBatch() {
        Backlog backlog = new Backlog(42);

        assertThat(ExpiryRun.run(backlog::expire)).isEqualTo(42);
        assertThat(backlog.asked).containsExactly(500);
    }

    @Test
    void nothingDueIsOneEmptyBatch() {
        Backlog backlog = new Backlog(0);

        assertThat(ExpiryRun.run(backlog::expire)).isZero();
        assertThat(backlog.asked).hasSize(1);
    }

    @Test
    void aBacklogGoesOnInBatchesOfFiveHundredUntilItIsDone() {
        Backlog backlog = new Backlog(1_234);

        assertThat(ExpiryRun.run(backlog::expire)).isEqualTo(1_234);
        assertThat(backlog.asked).containsExactly(500, 500, 500);
        assertThat(backlog.due).isZero();
    }

    @Test
    void oneRunWritesDownAtMostTenThousandAndLeavesTheRestForTheNext() {
        Backlog backlog = new Backlog(500_000);

        assertThat(ExpiryRun.run(backlog::expire)).isEqualTo(10_000);
        assertThat(backlog.asked).hasSize(20).allMatch(max -> max == 500);
        assertThat(backlog.due).isEqualTo(490_000);
        assertThat(ExpiryRun.run(backlog::expire)).isEqualTo(10_000);
    }

    @Test
    void aBatchCutShortByARaceEndsTheRunTheNextRunGoesOn() {
        // 500 were due, but an exchange used one of them up first: its guarded transition failed.
        int[] results = {499, 500};
        int[] calls = {0};

        assertThat(ExpiryRun.run(max -> results[calls[0]++])).isEqualTo(499);
        assertThat(calls[0]).isEqualTo(1);
    }
}
