package dev.agentgrant.keycloak.admin;

import dev.agentgrant.keycloak.discovery.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;


/** Registers {@code /admin/realms/{realm}/agent-grant}: the extension's admin REST API. */
public final class AgentGrantAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, ExtensionProviderFactory<AdminRealmResourceProvider> {

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




}
