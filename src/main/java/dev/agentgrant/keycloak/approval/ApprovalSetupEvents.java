package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
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
 * When {@link ApprovalRealmSetup} runs: in the transaction that creates or imports a realm (Keycloak publishes
 * {@link RealmModel.RealmPostCreateEvent} after an import has added the realm's own clients and flows, so an imported
 * approval client and flow are kept), and once when the server has started, for realms created before the extension
 * was installed. The start-up pass runs on one node of a cluster at a time, each realm in a transaction of its own.
 */
final class ApprovalSetupEvents implements ProviderEventListener {

    static final String STARTUP_TASK = "agent-grant-approval-setup";
    private static final Logger LOG = Logger.getLogger(ApprovalSetupEvents.class);

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            ApprovalRealmSetup.install(created.getCreatedRealm());
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
                        ApprovalRealmSetup.install(realm);
                    }
                });
            } catch (RuntimeException e) {
                // One realm's failure must not keep the server from starting or the other realms from their setup.
                LOG.warnf(
                        e,
                        "Agent Grant: the approval setup of realm %s failed; an admin can repair it with " + "POST "
                                + AgentGrantPaths.adminPath("{realm}", AgentGrantPaths.APPROVAL_SETUP),
                        realmId);
            }
        }
    }
}
