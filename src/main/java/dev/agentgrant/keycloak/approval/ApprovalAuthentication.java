package dev.agentgrant.keycloak.approval;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How the person authenticated for this approval: when, at which level ({@code acr}, {@link ApprovalAcr}), with which
 * credential types (the authenticators' reference categories, space-separated; {@code sso} when the SSO session was
 * reused). Recorded with the grant and carried by its tokens as {@code grant_acr} / {@code grant_auth_time}.
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
        // The cookie step marks a sign-in that reused the SSO session; a step-up may still have checked a credential
        // after it, which ApprovalAcr counts as an authentication of now.
        boolean ssoReused = AuthenticatorUtil.isSSOAuthentication(authSession);
        if (ssoReused) {
            methods.add("sso");
        }
        Map<String, Integer> acrToLevel = AcrUtils.getAcrLoaMap(authSession.getClient());
        String acr = ApprovalAcr.reached(
                new AcrStore(context.getSession(), authSession).getLevelOfAuthenticationFromCurrentAuthentication(),
                ssoReused,
                methods,
                acrToLevel);
        Instant at = Instant.now();
        if (!ApprovalAcr.freshlyAuthenticated(ssoReused, methods)) {
            // Only the SSO session: the time is that sign-in's.
            UserSessionModel userSession =
                    new AuthenticationSessionManager(context.getSession()).getUserSession(authSession);
            String authTime = userSession == null ? null : userSession.getNote(AuthenticationManager.AUTH_TIME);
            if (authTime != null) {
                at = Instant.ofEpochSecond(Long.parseLong(authTime));
            }
        }
        return new ApprovalAuthentication(at, acr, String.join(" ", methods));
    }
}
