package dev.agentgrant.keycloak.grant.lifecycle;

import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import dev.agentgrant.keycloak.support.ServerOption;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * The grants' lifecycle outside any request: a removed user's grants are revoked, a removed client's grants revoked
 * and pending requests denied (nothing is left pointing at what is gone), a periodic cleanup writes down expiries on
 * one node of the cluster at a time and applies each realm's audit retention ({@link AuditRetention}), an agent client's
 * change of standing is pushed to receivers ({@link AgentStandingSignals}), and {@link GrantLifecycleListener} reacts
 * to disabled accounts and credential resets. Option {@link #CLEANUP_INTERVAL}:
 * {@code --spi-events-listener--agent-grant-lifecycle--cleanup-interval=…}.
 */
public final class GrantLifecycleListenerFactory
        implements EventListenerProviderFactory, ExtensionProviderFactory<EventListenerProvider> {

    public static final String ID = "agent-grant-lifecycle";
    static final String TASK = "agent-grant-cleanup";
    public static final ServerOption<Long> CLEANUP_INTERVAL = ServerOption.seconds(
            "cleanup-interval",
            300,
            "Seconds between two runs of the cleanup that writes down expired grants and deletes audit records past the "
                    + "realm's retention; one node of a cluster works per run. At least 1.");
    private static final Logger LOG = Logger.getLogger(GrantLifecycleListenerFactory.class);

    private long intervalSeconds = CLEANUP_INTERVAL.defaultValue();

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new GrantLifecycleListener(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Global: receives the events of every realm without being added to its event listeners. */
    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        intervalSeconds = CLEANUP_INTERVAL.read(config);
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException(CLEANUP_INTERVAL.name() + " must be at least 1 second");
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOption.metadata(List.of(CLEANUP_INTERVAL));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                GrantHousekeeping.of(removed.getKeycloakSession())
                        .revokeForUser(
                                removed.getRealm().getId(), removed.getUser().getId(), "user_deleted");
            } else if (event instanceof ClientModel.ClientUpdatedEvent updated) {
                // Keycloak's client API, the admin console, kcadm.sh: an agent disabled, enabled, suspended or resumed.
                AgentStandingSignals.check(updated.getKeycloakSession(), updated.getUpdatedClient());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                ClientModel client = removed.getClient();
                GrantHousekeeping.of(removed.getKeycloakSession())
                        .endForClient(
                                client.getRealm().getId(), client.getId(), client.getClientId(), "client_deleted");
            }
        });
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.scheduleTask(
                        new Cleanup((int) Math.min(Integer.MAX_VALUE, intervalSeconds)), intervalSeconds * 1000, TASK);
            }
        }
    }

    /** Runs on every node on schedule; {@link ClusterProvider#executeIfNotExecuted} lets one node per interval work. */
    private record Cleanup(int intervalSeconds) implements ScheduledTask {
        @Override
        public void run(KeycloakSession session) {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster == null) {
                expire(session);
                return;
            }
            cluster.executeIfNotExecuted(TASK, Math.max(1, intervalSeconds - 1), () -> {
                expire(session);
                return null;
            });
        }

        private static void expire(KeycloakSession session) {
            int expired = ExpiryRun.run(batch -> KeycloakModelUtils.runJobInTransactionWithResult(
                    session.getKeycloakSessionFactory(),
                    s -> GrantHousekeeping.of(s).expireDue(batch)));
            if (expired > 0) {
                LOG.debugf("Agent Grant cleanup: %d grants expired", expired);
            }
            // Batches in transactions of their own: a large backlog never holds this task's transaction open.
            new AuditPurge(session.getKeycloakSessionFactory(), Clock.systemUTC()).run(session);
        }

        @Override
        public String getTaskName() {
            return TASK;
        }
    }
}
