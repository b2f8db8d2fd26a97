package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.support.BruteForceLockout;
import dev.agentgrant.keycloak.support.OAuthError;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The two parties of an exchange as they stand now: the calling agent and the person behind the grant. Each check
 * answers with the contract's error (docs/wire-contract.md, "Exchange"); a person who is gone, disabled or locked out
 * reads alike to the agent.
 */
public final class ExchangeParties {

    private static final String PERSON_UNAVAILABLE = "The person behind the grant is no longer available";

    private ExchangeParties() {}

    /** The calling client as an agent: confidential (Keycloak has authenticated it) and enabled as an agent. */
    public static AgentProfile agent(ClientModel client) throws ExchangeRefusal {
        AgentProfile profile;
        try {
            profile = AgentClients.profileOf(client);
        } catch (AgentClients.NotAnAgent notAnAgent) {
            throw new ExchangeRefusal(notAnAgent.error(), notAnAgent.reason(), notAnAgent.description());
        }
        if (!profile.enabled()) {
            throw new ExchangeRefusal(OAuthError.UNAUTHORIZED_CLIENT, "not_an_agent", "This client is not an agent");
        }
        return profile;
    }

    public static void notSuspended(AgentProfile profile) throws ExchangeRefusal {
        if (profile.suspended()) {
            throw new ExchangeRefusal(OAuthError.UNAUTHORIZED_CLIENT, "agent_suspended", "The agent is suspended");
        }
    }

    /** The approving person, still there, enabled and not locked out. */
    public static UserModel person(KeycloakSession session, RealmModel realm, TaskGrant grant) throws ExchangeRefusal {
        UserModel user =
                grant.userId().map(id -> session.users().getUserById(realm, id)).orElse(null);
        if (user == null) {
            throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "user_gone", PERSON_UNAVAILABLE);
        }
        if (!user.isEnabled()) {
            throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "user_disabled", PERSON_UNAVAILABLE);
        }
        if (BruteForceLockout.lockedOut(session, realm, user)) {
            throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "user_locked", PERSON_UNAVAILABLE);
        }
        return user;
    }
}
