package dev.agentgrant.keycloak.delegation;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.BruteForceLockout;
import dev.agentgrant.keycloak.tasktoken.TaskTokenMark;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;

/**
 * Reads what {@link TaskTokenStanding} decides on — the grant a verified task token names, its person and every agent
 * of its chain — from the store and Keycloak's models as they are now (the database, so every node answers the same
 * at once).
 */
public final class TokenStandings {

    private TokenStandings() {}

    /**
     * A verified task token's standing.
     *
     * @param inactiveReason why it no longer stands, empty when it does
     * @param grant          the grant it names, when that exists
     * @param person         its person, when that exists
     */
    public record Standing(Optional<String> inactiveReason, Optional<TaskGrant> grant, Optional<UserModel> person) {

        public boolean stands() {
            return inactiveReason.isEmpty();
        }
    }

    /** The standing of {@code token}, whose signature, issuer and time Keycloak has verified. */
    public static Standing of(KeycloakSession session, RealmModel realm, AccessToken token, Instant now) {
        Object grantId = token.getOtherClaims().get(TaskTokenMark.GRANT_ID_CLAIM);
        Optional<TaskGrant> grant =
                grantId instanceof String id ? GrantStore.of(session).find(realm.getId(), id) : Optional.empty();
        Optional<UserModel> user = Optional.ofNullable(token.getSubject())
                .map(subject -> session.users().getUserById(realm, subject));
        Optional<String> reason = TaskTokenStanding.inactiveReason(
                new TaskTokenStanding.Claims(
                        grantId,
                        token.getSubject(),
                        token.getIssuedFor(),
                        token.getOtherClaims().get("act")),
                grant,
                clientId -> agent(session, realm, clientId),
                user.map(u -> person(session, realm, u, token)),
                now);
        return new Standing(reason, grant, user);
    }

    /** The agent with this client_id as the exchange sees it ({@link AgentClients#profileOf}); empty if none. */
    static Optional<TaskTokenStanding.Agent> agent(KeycloakSession session, RealmModel realm, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            return Optional.empty();
        }
        boolean agent;
        boolean suspended;
        try {
            // A client that could not mint cannot vouch for a token either.
            AgentProfile profile = AgentClients.profileOf(client);
            agent = profile.enabled();
            suspended = profile.suspended();
        } catch (AgentClients.NotAnAgent notAnAgent) {
            agent = false;
            suspended = false;
        }
        Optional<String> serviceAccount =
                Optional.ofNullable(session.users().getServiceAccount(client)).map(UserModel::getId);
        return Optional.of(
                new TaskTokenStanding.Agent(client.getId(), serviceAccount, client.isEnabled(), agent, suspended));
    }

    private static TaskTokenStanding.Person person(
            KeycloakSession session, RealmModel realm, UserModel user, AccessToken token) {
        boolean lockedOut = BruteForceLockout.lockedOut(session, realm, user);
        boolean tokensRevoked = !TokenManager.validateUserNotBefore(session, realm, token, user);
        return new TaskTokenStanding.Person(user.getId(), user.isEnabled(), lockedOut, tokensRevoked);
    }
}
