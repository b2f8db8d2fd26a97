package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.console.ConsoleClientSetup;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import dev.agentgrant.keycloak.support.RealmSetupEvents;
import dev.agentgrant.keycloak.support.RequestParameterLimits;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Registers {@code /realms/{realm}/agent-grant} and checks the server options the extension relies on. */
public final class RealmRootFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    static final String REQUEST_PARAMETERS_FAIL_FAST = "oidc-request-parameters-fail-fast";

    private static final Logger LOG = Logger.getLogger(RealmRootFactory.class);

    private final ExtensionVersion version = ExtensionVersion.current();
    private RequestParameterLimits parameterLimits;

    @Override
    public String getId() {
        return AgentGrantPaths.ROOT;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        RealmRoot resource = new RealmRoot(session, version);
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return resource;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // The console's client in new, imported and (at start) existing realms.
        factory.register(new RealmSetupEvents(AgentGrantPaths.CONSOLE_SETUP, ConsoleClientSetup::install));
        parameterLimits = RequestParameterLimits.fromServerConfig();
        if (!parameterLimits.safe()) {
            LOG.warnf(
                    "Agent Grant: Keycloak silently drops oversized OIDC request parameters on this server; "
                            + "a dropped 'scope' or 'audience' changes what an agent asked for. Start Keycloak with %s",
                    parameterLimits.remedy());
        }
        LOG.infof("Agent Grant %s started (built for Keycloak %s)", version.version(), version.keycloakVersion());
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        OperationalInfo info = OperationalInfo.of(version);
        if (parameterLimits != null) {
            info.with(
                    REQUEST_PARAMETERS_FAIL_FAST,
                    parameterLimits.safe() ? "true" : "false (start Keycloak with " + parameterLimits.remedy() + ")");
        }
        return info.toMap();
    }

    @Override
    public void close() {}
}
