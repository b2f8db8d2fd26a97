package dev.agentgrant.keycloak.approval;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.grant.TaskGrant;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.AuthorizationEndpointBase;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Starts a person's sign-in under the internal approval client, with {@link ApprovalProtocol} and the flow bound to
 * that client, whose last step shows the consent page (docs/wire-contract.md, "Human approval"). Shared by the
 * verification page (a person brings a user code) and the self-service page (a person picks a request naming them,
 * or signs in to see their grants). Not a JAX-RS resource: it extends {@link AuthorizationEndpointBase} only for
 * Keycloak's way of starting a browser flow on a new authentication session.
 *
 * <p>The approval client and flow must exist ({@link ApprovalRealmSetup}); a sign-in is never started without them,
 * and the person gets the "not available" page instead.
 */
final class ApprovalStart extends AuthorizationEndpointBase {

    /** @param event the caller's event builder: the flow writes its details into the caller's event */
    ApprovalStart(KeycloakSession session, EventBuilder event) {
        super(session, event);
    }

    /** For a caller that writes no event of its own. */
    static ApprovalStart of(KeycloakSession session) {
        return new ApprovalStart(
                session,
                new EventBuilder(
                        session.getContext().getRealm(),
                        session,
                        session.getContext().getConnection()));
    }

    /**
     * Starts the person's sign-in for one pending grant; the flow ends on the consent step.
     *
     * @param userCode the code to show for comparison; null when the person came from the self-service page
     */
    Response beginApproval(TaskGrant grant, AgentProfile profile, String userCode) {
        return inApprovalSession(authSession -> {
            if (userCode != null) {
                authSession.setClientNote(ApprovalNotes.USER_CODE, userCode);
            }
            return forGrant(authSession, grant, profile, userCode == null);
        });
    }

    /** Starts a plain sign-in under the approval client that returns to {@code returnTo} (the self-service page). */
    Response beginSignIn(String returnTo) {
        return inApprovalSession(authSession -> {
            authSession.setClientNote(ApprovalNotes.RETURN_TO, returnTo);
            return run(authSession);
        });
    }

    /**
     * Runs {@code then} on a new authentication session of the approval client, or answers the "not available" page
     * when the realm's approval setup is incomplete ({@link ApprovalRealmSetup#approvalClient}).
     */
    Response inApprovalSession(Function<AuthenticationSessionModel, Response> then) {
        return ApprovalRealmSetup.approvalClient(realm)
                .map(client -> then.apply(approvalSession(client)))
                .orElseGet(() -> ApprovalPages.unavailable(session, realm));
    }

    /**
     * Binds the authentication session to one pending grant and runs the flow.
     *
     * @param withLoginHint whether the sign-in page may show the request's {@code login_hint}: only for a person who
     *                      chose the request from their own list, never for a code anyone could type
     */
    Response forGrant(
            AuthenticationSessionModel authSession, TaskGrant grant, AgentProfile profile, boolean withLoginHint) {
        authSession.setClientNote(ApprovalNotes.GRANT_ID, grant.id());
        authSession.setClientNote(
                ApprovalNotes.MAX_AUTH_AGE, Long.toString(profile.maxAuthAge().getSeconds()));
        if (withLoginHint) {
            grant.request()
                    .loginHint()
                    .ifPresent(hint -> authSession.setClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM, hint));
        }
        return run(authSession);
    }

    /** Runs the approval client's browser flow on {@code authSession}, redirecting to its first step. */
    Response run(AuthenticationSessionModel authSession) {
        LoginProtocol protocol = session.getProvider(LoginProtocol.class, ApprovalProtocol.ID);
        protocol.setRealm(realm)
                .setHttpHeaders(headers)
                .setUriInfo(session.getContext().getUri())
                .setEventBuilder(event);
        return handleBrowserAuthenticationRequest(authSession, protocol, false, true);
    }

    /** The profile of the grant's agent while the agent may still be approved: enabled, and its profile active. */
    Optional<AgentProfile> activeProfile(TaskGrant grant) {
        ClientModel agent = realm.getClientById(grant.agent().id());
        if (agent == null || !agent.isEnabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentProfile.read(agent.getAttributes())).filter(AgentProfile::active);
        } catch (AgentProfileProblems problems) {
            return Optional.empty();
        }
    }

    private AuthenticationSessionModel approvalSession(ClientModel approvalClient) {
        AuthenticationSessionModel authSession = createAuthenticationSession(approvalClient, null);
        authSession.setProtocol(ApprovalProtocol.ID);
        authSession.setAction(AuthenticationSessionModel.Action.AUTHENTICATE.name());
        authSession.setRedirectUri(ApprovalPages.verifyUrl(session, realm));
        return authSession;
    }
}
