package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.support.NoStoreJson;
import dev.agentgrant.keycloak.support.OAuthError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
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
            throw uncacheable(failure);
        }
        event.client(client);
        AgentProfile profile;
        try {
            profile = AgentClients.profileOf(client);
        } catch (AgentClients.NotAnAgent notAnAgent) {
            event.detail(Details.REASON, notAnAgent.reason())
                    .error(
                            notAnAgent.error() == OAuthError.INVALID_CLIENT
                                    ? Errors.INVALID_CLIENT
                                    : Errors.NOT_ALLOWED);
            throw new Refused(NoStoreJson.error(notAnAgent.error(), notAnAgent.description())
                    .build());
        }
        return new AgentCaller(client, profile);
    }

    /**
     * Keycloak's own client-authentication failure, made uncacheable like every other answer here. Keycloak's secret
     * authenticator answers a wrong secret with {@code unauthorized_client}; RFC 6749 §5.2 names that case
     * {@code invalid_client}, and so does this contract.
     */
    private static WebApplicationException uncacheable(WebApplicationException failure) {
        Response response = failure.getResponse();
        if (response == null) {
            return failure;
        }
        if (response.getStatus() == Response.Status.UNAUTHORIZED.getStatusCode()) {
            return new WebApplicationException(
                    NoStoreJson.error(OAuthError.INVALID_CLIENT, "Invalid client or invalid client credentials")
                            .build());
        }
        return new WebApplicationException(
                NoStoreJson.noStore(Response.fromResponse(response)).build());
    }
}
