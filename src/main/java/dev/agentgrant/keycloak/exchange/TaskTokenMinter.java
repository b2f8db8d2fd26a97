package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.tasktoken.TaskTokenMark;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Mints a task token in Keycloak's terms without Keycloak's claim pipeline: a TRANSIENT user session for the person
 * (nothing is stored, no refresh token can exist), a client session of the agent only to derive Keycloak's token id
 * (which encodes the session type, so Keycloak's own introspection treats the token as session-less), then the
 * contract's claims from {@link TaskTokenClaims}, signed with the realm's key for access tokens. No protocol mapper of
 * the agent client runs, so none can add a claim.
 */
final class TaskTokenMinter {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel agent;
    private final String issuer;
    private final String address;

    /**
     * @param issuer  the realm's issuer as this request sees it
     * @param address the agent's address, kept on the (transient) user session as Keycloak does
     */
    public TaskTokenMinter(
            KeycloakSession session, RealmModel realm, ClientModel agent, String issuer, String address) {
        this.session = session;
        this.realm = realm;
        this.agent = agent;
        this.issuer = issuer;
        this.address = address;
    }

    public record Minted(
            String token,
            String jti,
            String tokenType,
            long expiresIn,
            List<Map<String, Object>> authorizationDetails) {}

    /**
     * @param chain the grant's agent, then each sub-agent it was handed to; the last one is the minting agent
     * @param task  the task as granted to this token (granted scopes, the grant's location)
     */
    public Minted mint(
            UserModel user,
            ActorChain chain,
            TaskGrant grant,
            AgentTask task,
            AttestationResult attestation,
            Optional<String> jkt,
            TaskTokenClaims.Window window) {
        UserSessionModel userSession = new UserSessionManager(session)
                .createUserSession(
                        null,
                        realm,
                        user,
                        user.getUsername(),
                        address,
                        "agent-grant",
                        false,
                        null,
                        null,
                        UserSessionModel.SessionPersistenceState.TRANSIENT);
        AuthenticationSessionManager authSessions = new AuthenticationSessionManager(session);
        RootAuthenticationSessionModel root = authSessions.createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(agent);
        String jti;
        try {
            authSession.setAuthenticatedUser(user);
            authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            authSession.setClientNote(OIDCLoginProtocol.ISSUER, issuer);
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, String.join(" ", task.scopes()));
            ClientSessionContext clientSession =
                    TokenManager.attachAuthenticationSession(session, userSession, authSession);
            // Keycloak encodes the grant type into the token id; its bearer authentication asks that grant type whether
            // the token may be used at the endpoint it reached, and the task-token grant type always says no.
            clientSession.setAttribute(Constants.GRANT_TYPE, TaskTokenMark.GRANT_TYPE);
            TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
            jti = encoder.encodeTokenId(encoder.getTokenContextFromClientSessionContext(
                    clientSession, SecretGenerator.getInstance().generateSecureID(), false));
        } finally {
            authSessions.removeAuthenticationSession(realm, authSession, false);
        }

        TaskTokenClaims.Id id = new TaskTokenClaims.Id(jti, issuer, jkt);
        AccessToken token = TaskTokenClaims.build(new TaskTokenClaims.Input(
                id,
                new TaskTokenClaims.Parties(user.getId(), chain),
                task,
                window,
                new TaskTokenClaims.Grant(
                        grant.id(),
                        grant.decision().approval().map(TaskGrant.Approval::authTime),
                        grant.decision().approval().flatMap(TaskGrant.Approval::acr)),
                new TaskTokenClaims.Attestation(
                        attestation.policyId(),
                        attestation.policyVersion(),
                        attestation.sources(),
                        TaskTokenClaims.keyFacts(attestation.facts()),
                        attestation.evaluatedAt())));
        String encoded = session.tokens().encode(token);
        long expiresIn = Duration.between(window.issuedAt(), window.expiresAt()).toSeconds();
        return new Minted(encoded, jti, id.tokenType(), expiresIn, task.authorizationDetails());
    }
}
