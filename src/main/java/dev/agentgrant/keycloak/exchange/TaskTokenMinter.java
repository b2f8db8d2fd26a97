package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.tasktoken.TaskTokenMark;
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
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    TaskTokenMinter(KeycloakSession session, RealmModel realm, ClientModel agent) {
        this.session = session;
        this.realm = realm;
        this.agent = agent;
    }

    record Minted(String token, String jti, String tokenType, long expiresIn, List<Map<String, Object>> authorizationDetails) {
    }

    Minted mint(UserModel user, String issuer, UserModel serviceAccount, TaskGrant grant, Set<String> scopes,
                String location, AttestationResult attestation, Optional<String> jkt, Instant issuedAt,
                Instant expiresAt, String address) {
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(null, realm, user,
                user.getUsername(), address, "agent-grant", false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        AuthenticationSessionManager authSessions = new AuthenticationSessionManager(session);
        RootAuthenticationSessionModel root = authSessions.createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(agent);
        String jti;
        try {
            authSession.setAuthenticatedUser(user);
            authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            authSession.setClientNote(OIDCLoginProtocol.ISSUER, issuer);
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, String.join(" ", scopes));
            ClientSessionContext clientSession = TokenManager.attachAuthenticationSession(session, userSession, authSession);
            // Keycloak encodes the grant type into the token id; its bearer authentication asks that grant type whether
            // the token may be used at the endpoint it reached, and the task-token grant type always says no.
            clientSession.setAttribute(Constants.GRANT_TYPE, TaskTokenMark.GRANT_TYPE);
            TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
            jti = encoder.encodeTokenId(encoder.getTokenContextFromClientSessionContext(clientSession,
                    SecretGenerator.getInstance().generateSecureID(), false));
        } finally {
            authSessions.removeAuthenticationSession(realm, authSession, false);
        }

        List<Map<String, Object>> authorizationDetails = TaskTokenClaims.authorizationDetails(scopes, location, grant.purpose());
        String tokenType = jkt.isPresent() ? DPoPUtil.DPOP_TOKEN_TYPE : TokenUtil.TOKEN_TYPE_BEARER;
        AccessToken token = TaskTokenClaims.build(new TaskTokenClaims.Input(jti, issuer, tokenType, user.getId(),
                agent.getClientId(), serviceAccount.getId(), grant.audience(), scopes, issuedAt, expiresAt, grant.id(),
                authorizationDetails,
                new TaskTokenClaims.Attestation(attestation.policyId(), attestation.policyVersion(), attestation.sources(),
                        TaskTokenClaims.keyFacts(attestation.facts()), attestation.evaluatedAt()),
                grant.authTime(), grant.acr(), jkt));
        String encoded = session.tokens().encode(token);
        long expiresIn = Duration.between(issuedAt, expiresAt).toSeconds();
        return new Minted(encoded, jti, tokenType, expiresIn, authorizationDetails);
    }
}
