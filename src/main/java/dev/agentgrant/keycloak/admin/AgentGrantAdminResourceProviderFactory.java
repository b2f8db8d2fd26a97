package dev.agentgrant.keycloak.admin;

import dev.agentgrant.keycloak.discovery.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.OperationalInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

import java.util.Map;

/** Registers {@code /admin/realms/{realm}/agent-grant}: the extension's admin REST API. */
public final class AgentGrantAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    private final ExtensionVersion version = ExtensionVersion.current();

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, org.keycloak.models.RealmModel realm,
                                      org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator auth,
                                      org.keycloak.services.resources.admin.AdminEventBuilder adminEvent) {
                return new AgentGrantAdminResource(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return AgentGrantPaths.ROOT;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return OperationalInfo.of(version).toMap();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
