package dev.agentgrant.keycloak.approval;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How the person authenticated for this approval: when, at which level ({@code acr}), with which credential types
 * (the authenticators' reference categories, space-separated). Recorded with the grant and carried by its tokens as
 * {@code grant_acr} / {@code grant_auth_time}.
 */
record ApprovalAuthentication(Instant authTime, String acr, String methods) {

    static ApprovalAuthentication of(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Set<String> methods = new TreeSet<>();
        authSession.getExecutionStatus().forEach((executionId, status) -> {
            if (status == AuthenticationSessionModel.ExecutionStatus.SUCCESS) {
                AuthenticationExecutionModel execution = context.getRealm().getAuthenticationExecutionById(executionId);
                if (execution != null && execution.getAuthenticator() != null) {
                    ProviderFactory<Authenticator> factory = context.getSession()
                            .getKeycloakSessionFactory()
                            .getProviderFactory(Authenticator.class, execution.getAuthenticator());
                    if (factory instanceof AuthenticatorFactory authenticator
                            && authenticator.getReferenceCategory() != null) {
                        methods.add(authenticator.getReferenceCategory());
                    }
                }
            }
        });
        if (AuthenticatorUtil.isSSOAuthentication(authSession)) {
            // Signed in earlier (SSO cookie): Keycloak's own convention is acr "0"; the time is that sign-in's.
            methods.add("sso");
            UserSessionModel userSession =
                    new AuthenticationSessionManager(context.getSession()).getUserSession(authSession);
            String authTime = userSession == null ? null : userSession.getNote(AuthenticationManager.AUTH_TIME);
            Instant at = authTime == null ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(authTime));
            return new ApprovalAuthentication(at, "0", String.join(" ", methods));
        }
        return new ApprovalAuthentication(Instant.now(), "1", String.join(" ", methods));
    }
}
