package dev.agentgrant.keycloak.tasktoken;

import dev.agentgrant.keycloak.support.OAuthError;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

/**
 * The grant type task tokens are minted under ({@link TaskTokenMark#GRANT_TYPE}). It exists for one reason: Keycloak
 * asks the grant type a bearer token was issued under whether the token may be used at the endpoint it reached
 * ({@code GrantTypeEndpointRestrictionValidator}, consulted by the bearer authentication of the admin REST API, the
 * account REST API, authorization services and the other bearer-authenticated endpoints). A task token is honoured
 * only by its audience and the realm's introspection — neither of which authenticates with it at Keycloak — so the
 * answer is always no.
 *
 * <p>At the token endpoint the grant type answers {@code unsupported_grant_type} (RFC 6749 §5.2): task tokens are
 * obtained with the RFC 8693 token exchange only.
 */
final class TaskTokenGrantType implements OAuth2GrantType {

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return false;
    }

    @Override
    public EventType getEventType() {
        return EventType.TOKEN_EXCHANGE;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }

    @Override
    public Response process(Context context) {
        context.getEvent()
                .detail(Details.REASON, "task_token_grant_type_not_requestable")
                .error(Errors.INVALID_REQUEST);
        // Keycloak's token-endpoint error, as for every other grant type it refuses: the token endpoint has already
        // marked the answer no-store (RFC 6749 §5.1).
        throw new CorsErrorResponseException(
                context.getCors(),
                OAuthError.UNSUPPORTED_GRANT_TYPE.code(),
                "Task tokens are issued by the token exchange (urn:ietf:params:oauth:grant-type:token-exchange)",
                OAuthError.UNSUPPORTED_GRANT_TYPE.status());
    }

    @Override
    public void close() {}
}
