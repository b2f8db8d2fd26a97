package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Registers {@code /admin/realms/{realm}/agent-grant}: the extension's admin REST API. */
public final class AdminRootFactory
        implements AdminRealmResourceProviderFactory, ExtensionProviderFactory<AdminRealmResourceProvider> {

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(
                    KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                return new AdminRoot(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public String getId() {
        return AgentGrantPaths.ROOT;
    }
}
