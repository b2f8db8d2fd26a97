package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.UserCode;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.AuthorizationEndpointBase;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * {@code /realms/{realm}/agent-grant/verify} (docs/wire-contract.md, "Human approval"; RFC 8628 §3.3): where a person
 * takes a user code. Without a code it asks for one; with a code of a pending request it starts the person's sign-in
 * under the internal approval client ({@link ApprovalStart}), whose last step shows the consent page. The agent's
 * profile sets how old the person's sign-in may be.
 *
 * <p>A well-formed code answers the same before sign-in whether it is valid or not: every one starts the sign-in,
 * and whether it names a pending request is told — and a wrong one counted ({@link GuessLimiter}) — only after the
 * person has signed in ({@link ConsentAuthenticator}), so that nobody without an account can test codes. Nothing
 * about the request (not even its {@code login_hint}) shapes the sign-in page. Keycloak events:
 * {@code OAUTH2_DEVICE_VERIFY_USER_CODE} / {@code OAUTH2_DEVICE_VERIFY_USER_CODE_ERROR}.
 *
 * <p>The approval client and flow must exist ({@link ApprovalRealmSetup}); this public page never creates them and
 * answers an error page while they are missing.
 */
public final class VerifyEndpoint extends AuthorizationEndpointBase {

    static final String USER_CODE = "user_code";

    private final ApprovalStart approvals;

    public VerifyEndpoint(KeycloakSession session) {
        super(
                session,
                new EventBuilder(
                        session.getContext().getRealm(),
                        session,
                        session.getContext().getConnection()));
        this.approvals = new ApprovalStart(session, event);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response verify(@QueryParam(USER_CODE) String userCode) {
        checkSsl();
        checkRealm();
        if (userCode == null) {
            return ApprovalPages.verify(session, realm, null, null, Response.Status.OK);
        }
        List<String> codes = session.getContext().getUri().getQueryParameters().get(USER_CODE);
        if (codes != null && codes.size() > 1) {
            // Two codes in one link: neither is taken (RFC 6749 §3.1, parameters are sent at most once).
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyInvalidCode", Response.Status.BAD_REQUEST);
        }
        return start(userCode);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response submit() {
        checkSsl();
        checkRealm();
        Map<String, List<String>> form = httpRequest.getDecodedFormParameters();
        List<String> codes = form.get(USER_CODE);
        if (codes == null || codes.size() != 1 || form.size() != 1) {
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyInvalidCode", Response.Status.BAD_REQUEST);
        }
        return start(codes.get(0));
    }

    /** Looks the code up; a lookup the database cannot serve gets the "try again later" page. */
    private Response start(String typed) {
        return ApprovalPages.guarded(session, "user code entry", () -> lookUp(typed));
    }

    private Response lookUp(String typed) {
        event.event(EventType.OAUTH2_DEVICE_VERIFY_USER_CODE);
        String address = clientConnection.getRemoteAddr();
        GuessLimiter limiter = new GuessLimiter(session.singleUseObjects(), Clock.systemUTC());
        if (limiter.blocked(realm.getId(), address)) {
            event.detail(Details.REASON, "too_many_wrong_codes").error(Errors.INVALID_OAUTH2_USER_CODE);
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyTooManyAttempts", Response.Status.TOO_MANY_REQUESTS);
        }
        if (UserCode.normalize(typed).isEmpty()) {
            // Not the shape of any code (RFC 8628 §6.1: eight letters of a public alphabet): says nothing about codes.
            event.detail(Details.REASON, "malformed_code").error(Errors.INVALID_OAUTH2_USER_CODE);
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyInvalidCode", Response.Status.BAD_REQUEST);
        }
        return approvals.inApprovalSession(authSession -> {
            Optional<TaskGrant> pending = GrantStore.of(session).findPendingByUserCode(realm.getId(), typed);
            Optional<AgentProfile> profile = pending.flatMap(approvals::activeProfile);
            authSession.setClientNote(ApprovalNotes.USER_CODE, UserCode.display(typed));
            if (pending.isEmpty() || profile.isEmpty()) {
                String reason = pending.isEmpty() ? "unknown_or_expired_code" : "agent_not_active";
                authSession.setClientNote(ApprovalNotes.CODE_REFUSED, reason);
                event.detail(Details.REASON, reason)
                        .detail("told", "after_sign_in")
                        .error(Errors.INVALID_OAUTH2_USER_CODE);
                return approvals.run(authSession);
            }
            TaskGrant grant = pending.get();
            event.client(grant.agent().clientId())
                    .detail("grant_id", grant.id())
                    .success();
            return approvals.forGrant(authSession, grant, profile.get(), false);
        });
    }

    /**
     * "Sign in with another account" from the page shown when a request is addressed to someone else: ends this
     * browser's SSO session (as Keycloak's own "sign in as a different user" requires) and starts the same approval
     * again. A POST with the CSRF token bound to the authentication session, so no other site can sign a person out.
     */
    @POST
    @Path(AgentGrantPaths.SWITCH_ACCOUNT)
    @Produces(MediaType.TEXT_HTML)
    public Response switchAccount(@QueryParam("tab_id") String tabId) {
        checkSsl();
        checkRealm();
        AuthenticationSessionManager manager = new AuthenticationSessionManager(session);
        RootAuthenticationSessionModel root = manager.getCurrentRootAuthenticationSession(realm);
        AuthenticationSessionModel authSession = root == null || tabId == null
                ? null
                : root.getAuthenticationSessions().get(tabId);
        Map<String, List<String>> form = httpRequest.getDecodedFormParameters();
        List<String> csrf = form.get(ApprovalDecision.CSRF);
        String expected = authSession == null ? null : authSession.getAuthNote(ApprovalNotes.CSRF);
        if (csrf == null || csrf.size() != 1 || !CsrfTokens.matches(csrf.get(0), expected)) {
            event.event(EventType.LOGOUT)
                    .detail(Details.REASON, "csrf_mismatch")
                    .error(Errors.INVALID_REQUEST);
            return ApprovalPages.verify(
                    session, realm, null, "agentGrantVerifyStartAgain", Response.Status.BAD_REQUEST);
        }
        String userCode = authSession.getClientNote(ApprovalNotes.USER_CODE);
        UserSessionModel userSession = manager.getUserSession(authSession);
        manager.removeAuthenticationSession(realm, authSession, true);
        if (userSession != null) {
            AuthenticationManager.backchannelLogout(session, userSession, true);
        }
        AuthenticationManager.expireIdentityCookie(session);
        String again = ApprovalPages.verifyUrl(session, realm)
                + (userCode == null ? "" : "?" + USER_CODE + "=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8));
        return Response.status(Response.Status.SEE_OTHER)
                .location(URI.create(again))
                .build();
    }
}
