package dev.agentgrant.keycloak.support;

import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * When a per-realm setup of the extension (the approval client and flow, the console client) runs: in the transaction
 * that creates or imports a realm (Keycloak publishes {@link RealmModel.RealmPostCreateEvent} after an import has
 * added the realm's own clients and flows, so imported ones are kept), and once when the server has started, for
 * realms created before the extension was installed. The start-up pass runs on one node of a cluster at a time, each
 * realm in a transaction of its own, so one realm's failure keeps neither the server nor the other realms from
 * starting; an admin repairs that realm through the setup's admin endpoint.
 */
public final class RealmSetupEvents implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(RealmSetupEvents.class);

    private final String name;
    private final Consumer<RealmModel> install;

    /**
     * @param name the setup's admin path segment (e.g. {@code approval-setup}); also names its start-up cluster task
     * @param install sets the realm up, or leaves it as it is when it is set up already
     */
    public RealmSetupEvents(String name, Consumer<RealmModel> install) {
        this.name = name;
        this.install = install;
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            install.accept(created.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent started) {
            installEverywhere(started.getFactory());
        }
    }

    private void installEverywhere(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster == null) {
                installEach(factory);
            } else {
                cluster.executeIfNotExecuted("agent-grant-" + name, 60, () -> {
                    installEach(factory);
                    return null;
                });
            }
        });
    }

    private void installEach(KeycloakSessionFactory factory) {
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
                        install.accept(realm);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(
                        e,
                        "Agent Grant: the %s of realm %s failed; an admin can repair it with POST %s",
                        name,
                        realmId,
                        AgentGrantPaths.adminPath("{realm}", name));
            }
        }
    }
}
