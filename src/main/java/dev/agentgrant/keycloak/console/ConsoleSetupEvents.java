package dev.agentgrant.keycloak.console;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * When {@link ConsoleClientSetup} runs: in the transaction that creates or imports a realm (after an import has added
 * the realm's own clients, so an imported console client is kept), and once when the server has started, for realms
 * created before the extension was installed; on one node of a cluster at a time, each realm in a transaction of its
 * own. The same moments as the approval setup (README, "Approvals").
 */
public final class ConsoleSetupEvents implements ProviderEventListener {

    static final String STARTUP_TASK = "agent-grant-console-setup";
    private static final Logger LOG = Logger.getLogger(ConsoleSetupEvents.class);

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            ConsoleClientSetup.install(created.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent started) {
            installEverywhere(started.getFactory());
        }
    }

    private static void installEverywhere(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster == null) {
                installEach(factory);
            } else {
                cluster.executeIfNotExecuted(STARTUP_TASK, 60, () -> {
                    installEach(factory);
                    return null;
                });
            }
        });
    }

    private static void installEach(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(
                factory,
                session -> session.realms()
                        .getRealmsStream()
                        .map(RealmModel::getId)
                        .toList());
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) {
                        session.getContext().setRealm(realm);
                        ConsoleClientSetup.install(realm);
                    }
                });
            } catch (RuntimeException e) {
                // One realm's failure must not keep the server from starting or the other realms from their setup.
                LOG.warnf(
                        e,
                        "Agent Grant: the console setup of realm %s failed; an admin can repair it with POST "
                                + "/admin/realms/{realm}/agent-grant/console-setup",
                        realmId);
            }
        }
    }
}
