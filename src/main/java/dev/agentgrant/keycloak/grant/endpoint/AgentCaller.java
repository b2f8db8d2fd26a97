package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentClients;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
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
        AgentProfile profile;
        try {
            profile = AgentClients.profileOf(client);
        } catch (AgentClients.NotAnAgent notAnAgent) {
            if (notAnAgent.publicClient()) {
                event.detail(Details.REASON, notAnAgent.reason()).error(Errors.INVALID_CLIENT);
                throw new Refused(OAuthErrors.error(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                        notAnAgent.description()));
            }
            event.detail(Details.REASON, notAnAgent.reason()).error(Errors.NOT_ALLOWED);
            throw new Refused(OAuthErrors.error(Response.Status.BAD_REQUEST, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    notAnAgent.description()));
        }
        return new AgentCaller(client, profile);
    }
}
