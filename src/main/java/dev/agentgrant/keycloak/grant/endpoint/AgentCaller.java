package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;

/**
 * The authenticated agent behind a request to an agent endpoint: Keycloak's client authentication (whatever
 * authenticator the client is configured for), then the client's agent profile. A caller that is not a confidential,
 * enabled agent with a valid profile gets an RFC 6749 §5.2 error and nothing else happens.
 */
record AgentCaller(ClientModel client, AgentProfile profile) {

    private static final Logger LOG = Logger.getLogger(AgentCaller.class);

    /** Thrown to end the request with its response. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Response response;

        Refused(Response response) {
            super(null, null, false, false);
            this.response = response;
        }

        Response response() {
            return response;
        }
    }

    static AgentCaller authenticate(KeycloakSession session, EventBuilder event) throws Refused {
        ClientModel client;
        try {
            client = AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
        } catch (WebApplicationException failure) {
            throw OAuthErrors.uncacheable(failure);
        }
        event.client(client);
        if (client.isPublicClient() || client.isBearerOnly()) {
            // A public client authenticates with its client_id alone; agents must prove they are the client.
            event.detail(Details.REASON, "public_client").error(Errors.INVALID_CLIENT);
            throw new Refused(OAuthErrors.error(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                    "Agents must be confidential clients"));
        }
        AgentProfile profile;
        try {
            profile = AgentProfile.read(client.getAttributes());
        } catch (AgentProfileProblems problems) {
            LOG.warnf("Agent Grant: client %s of realm %s has an unusable agent profile: %s", client.getClientId(),
                    client.getRealm().getName(), String.join("; ", problems.problems()));
            event.detail(Details.REASON, "invalid_agent_profile").error(Errors.NOT_ALLOWED);
            throw new Refused(OAuthErrors.error(Response.Status.BAD_REQUEST, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "The agent's profile is not configured correctly; an administrator can see why in the server log"));
        }
        return new AgentCaller(client, profile);
    }
}
