package dev.agentgrant.keycloak.grant.lifecycle;

import java.util.function.IntUnaryOperator;

/**
 * One cleanup run's expiry: batches of at most {@link AuditRetention.Plan#BATCH} grants, each in a transaction of its
 * own (no transaction holds many row locks), until a batch comes back short or the run has written down
 * {@link AuditRetention.Plan#MAX_PER_RUN}, the same bounds as the audit purge. A backlog — a million grants past
 * their time after an outage, say — is worked off over runs, at up to that many per {@code cleanup-interval}, instead
 * of one batch per run.
 */
final class ExpiryRun {

    private ExpiryRun() {}

    /**
     * @param batch expires at most the given number of due grants in a transaction of its own; answers how many
     * @return how many grants this run expired
     */
    static int run(IntUnaryOperator batch) {
        AuditRetention.Plan plan = new AuditRetention.Plan();
        plan.drain(batch);
        return plan.removed();
    }
}
