package dev.agentgrant.keycloak.grant.lifecycle;

import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Audit retention, applied by the cleanup task on one node: each realm's records older than its
 * {@link AuditRetention#ATTRIBUTE} are deleted in batches, each batch in a transaction of its own, within one run's
 * budget ({@link AuditRetention.Plan}).
 */
final class AuditPurge {

    private static final Logger LOG = Logger.getLogger(AuditPurge.class);

    private final KeycloakSessionFactory factory;
    private final Clock clock;

    AuditPurge(KeycloakSessionFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /** Answers how many records were deleted over all realms. */
    int run(KeycloakSession session) {
        Instant now = clock.instant();
        AuditRetention.Plan plan = new AuditRetention.Plan();
        List<RealmModel> realms = session.realms().getRealmsStream().toList();
        for (RealmModel realm : realms) {
            if (plan.exhausted()) {
                LOG.debugf(
                        "Agent Grant audit retention: this run's budget of %d records is spent; the next run goes on",
                        AuditRetention.Plan.MAX_PER_RUN);
                break;
            }
            AuditRetention.Setting setting = AuditRetention.read(realm.getAttribute(AuditRetention.ATTRIBUTE));
            if (setting.problem().isPresent()) {
                LOG.warnf(
                        "Agent Grant: realm %s keeps all audit records: its attribute %s is unusable: %s",
                        realm.getName(),
                        AuditRetention.ATTRIBUTE,
                        setting.problem().get());
                continue;
            }
            purge(realm.getId(), realm.getName(), setting.retention().orElseThrow(), now, plan);
        }
        return plan.removed();
    }

    private void purge(String realmId, String realmName, Duration retention, Instant now, AuditRetention.Plan plan) {
        long cutoff = AuditRetention.cutoff(now, retention);
        int before = plan.removed();
        int batches = plan.drain(asked ->
                KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> deleteBatch(s, realmId, cutoff, asked)));
        int removed = plan.removed() - before;
        if (removed > 0) {
            LOG.infof(
                    "Agent Grant audit retention: removed %d records older than %s from realm %s in %d batches",
                    removed, retention, realmName, batches);
        }
    }

    static int deleteBatch(KeycloakSession session, String realmId, long cutoff, int limit) {
        return AuditTrail.of(session).deleteOlderThan(realmId, cutoff, limit);
    }
}
