package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ClientData;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How an approval ends. The verification endpoint starts the human's sign-in under the internal approval client with
 * this protocol instead of OpenID Connect, so that when the flow completes Keycloak hands the result here — and
 * this protocol shows the extension's own result page. Nothing OIDC happens: no code, no token, no redirect to any
 * client, and the agent never has a client session in the human's browser (docs/wire-contract.md, "Human approval").
 *
 * <p>It also decides re-authentication for the Cookie authenticator: an SSO session older than the agent's
 * maximum authentication age must sign in again ({@link #requireReauthentication}), as OIDC {@code max_age} does.
 */
public final class ApprovalProtocol implements LoginProtocol {

    public static final String ID = "agent-grant-approval";

    private static final Logger LOG = Logger.getLogger(ApprovalProtocol.class);

    private KeycloakSession session;
    private RealmModel realm;

    ApprovalProtocol(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public LoginProtocol setSession(KeycloakSession session) {
        this.session = session;
        return this;
    }

    @Override
    public LoginProtocol setRealm(RealmModel realm) {
        this.realm = realm;
        return this;
    }

    @Override
    public LoginProtocol setUriInfo(UriInfo uriInfo) {
        return this;
    }

    @Override
    public LoginProtocol setHttpHeaders(HttpHeaders headers) {
        return this;
    }

    @Override
    public LoginProtocol setEventBuilder(EventBuilder event) {
        return this;
    }

    @Override
    public Response authenticated(
            AuthenticationSessionModel authSession,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        RealmModel realm = this.realm != null ? this.realm : authSession.getRealm();
        String returnTo = authSession.getClientNote(ApprovalNotes.RETURN_TO);
        String outcome = authSession.getAuthNote(ApprovalNotes.OUTCOME);
        String grantId = authSession.getClientNote(ApprovalNotes.GRANT_ID);
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        if (ApprovalPages.OUTCOME_INVALID_CODE.equals(outcome)) {
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyInvalidCode", Response.Status.BAD_REQUEST);
        }
        if (ApprovalPages.OUTCOME_TOO_MANY_CODES.equals(outcome)) {
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyTooManyAttempts", Response.Status.TOO_MANY_REQUESTS);
        }
        if (returnTo != null && grantId == null) {
            // Signed in for the self-service page: back to it, now with an SSO session.
            return Response.status(Response.Status.FOUND)
                    .location(URI.create(returnTo))
                    .build();
        }
        if (outcome == null) {
            // The bound flow ended without the consent step: nothing was decided.
            LOG.warnf(
                    "Agent Grant: the approval flow of realm %s "
                            + "completed without the 'Agent task consent' step; add it as the flow's last step",
                    realm.getName());
            outcome = ApprovalPages.OUTCOME_ERROR;
        }
        Optional<TaskGrant> grant =
                grantId == null ? Optional.empty() : GrantStore.of(session).find(realm.getId(), grantId);
        return ApprovalPages.result(session, realm, outcome, grant);
    }

    @Override
    public Response sendError(AuthenticationSessionModel authSession, Error error, String errorMessage) {
        RealmModel realm = this.realm != null ? this.realm : authSession.getRealm();
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        return ApprovalPages.result(session, realm, ApprovalPages.OUTCOME_ERROR, Optional.empty());
    }

    @Override
    public ClientData getClientData(AuthenticationSessionModel authSession) {
        return new ClientData(null, null, null, null);
    }

    @Override
    public Response sendError(ClientModel client, ClientData clientData, Error error) {
        return ApprovalPages.result(session, client.getRealm(), ApprovalPages.OUTCOME_ERROR, Optional.empty());
    }

    /** The approval client has no back channel and nothing to notify: it holds no tokens. */
    @Override
    public Response backchannelLogout(UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        return Response.ok().build();
    }

    @Override
    public Response frontchannelLogout(UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        return null;
    }

    @Override
    public Response finishBrowserLogout(UserSessionModel userSession, AuthenticationSessionModel logoutSession) {
        return session.getProvider(LoginFormsProvider.class).createInfoPage();
    }

    /** OIDC {@code max_age} semantics (OpenID Connect Core §3.1.2.1) with the agent profile's maximum age. */
    @Override
    public boolean requireReauthentication(UserSessionModel userSession, AuthenticationSessionModel authSession) {
        String maxAge = authSession.getClientNote(ApprovalNotes.MAX_AUTH_AGE);
        if (maxAge == null) {
            return false;
        }
        String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
        int authenticatedAt = authTime == null ? userSession.getStarted() : Integer.parseInt(authTime);
        return ReauthenticationRule.required(
                authenticatedAt, Integer.parseInt(maxAge), (int) Time.currentTimeSeconds());
    }

    @Override
    public void close() {}
}
