package dev.agentgrant.keycloak.introspection;

import static org.keycloak.utils.MediaType.APPLICATION_JWT;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentgrant.keycloak.delegation.TokenStandings;
import dev.agentgrant.keycloak.tasktoken.TaskTokenMark;
import dev.agentgrant.keycloak.tasktoken.TaskTokens;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * The realm's standard introspection endpoint (RFC 7662), registered under each {@code token_type_hint} Keycloak
 * knows ({@code access_token}, {@code refresh_token}, {@code requesting_party_token}) so that it answers for task
 * tokens from what is stored now, whatever the hint (RFC 7662 §2.1: the hint only speeds up the search): a token of a revoked or expired grant, of a person who is
 * disabled, locked out or deleted, or of an agent that is disabled, suspended or deleted reads as inactive at once,
 * on every node (the grant is read from the database, not from a cache). Every other token goes to Keycloak's own
 * provider for the hint, unchanged. A task token is recognised as Keycloak's parser reads it ({@link TaskTokens}), so
 * no re-spelling of it (a trailing dot, padding…) reaches Keycloak's provider, which would answer from the agent
 * client's mappers.
 *
 * <p>Keycloak's own checks run first (signature and issuer, the agent client exists and is enabled, {@code exp},
 * the realm's and the client's not-before, Keycloak's revoked-token list); a task token then skips Keycloak's
 * session lookup and claim mappers — it has no stored session, and its answer is built from its own claims.
 */
public final class TaskTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {};

    private final TokenIntrospectionProvider keycloaks;

    /** @param keycloaks Keycloak's own provider for the hint, which answers every token that is no task token */
    public TaskTokenIntrospectionProvider(KeycloakSession session, TokenIntrospectionProvider keycloaks) {
        super(session);
        this.keycloaks = keycloaks;
    }

    @Override
    public Response introspect(String tokenStr, EventBuilder event) {
        if (!TaskTokens.isTaskToken(session, tokenStr)) {
            return keycloaks.introspect(tokenStr, event);
        }
        this.eventBuilder = event;
        Map<String, Object> answer = taskTokenAnswer(tokenStr);
        try {
            return Response.ok(JsonSerialization.writeValueAsBytes(answer))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> taskTokenAnswer(String tokenStr) {
        // Both record their own error event when they fail.
        if (!verifyToken(tokenStr) || !verifyClient()) {
            return TaskTokenIntrospection.inactive();
        }
        // Who may see the token is known from the token alone: a caller that may not is answered before any lookup.
        ClientModel caller = session.getContext().getClient();
        List<String> audience = token.getAudience() == null ? List.of() : Arrays.asList(token.getAudience());
        IntrospectionView view =
                IntrospectionView.of(caller.getClientId(), audience, token.getIssuedFor(), mayIgnoreAudience(caller));
        if (view == IntrospectionView.NONE) {
            return inactive("caller_not_in_audience");
        }
        Map<String, Object> claims = JsonSerialization.mapper.convertValue(token, CLAIMS);
        if (claims.get(TaskTokenMark.GRANT_ID_CLAIM) instanceof String id) {
            eventBuilder.detail("grant_id", id);
        }
        // The grant, the person and every agent of the token's chain as they are now.
        TokenStandings.Standing standing = TokenStandings.of(session, realm, token, Instant.now());
        standing.person().ifPresent(eventBuilder::user);
        if (!standing.stands()) {
            return inactive(standing.inactiveReason().get());
        }
        UserModel user = standing.person().orElseThrow();

        Map<String, Object> answer = TaskTokenIntrospection.active(claims, view, Optional.of(user.getUsername()));
        if (view == IntrospectionView.FULL && wantsJwt(caller)) {
            // Keycloak's "jwt" member (clients that enabled it, Accept: application/jwt): the token is that JWT.
            answer.put("jwt", tokenStr);
        }
        eventBuilder.detail("view", view.name().toLowerCase(Locale.ROOT));
        eventBuilder.success();
        return answer;
    }

    private Map<String, Object> inactive(String reason) {
        eventBuilder.detail(Details.REASON, reason);
        eventBuilder.error(Errors.INVALID_TOKEN);
        return TaskTokenIntrospection.inactive();
    }

    /** Keycloak's two switches that let a client introspect tokens it is not an audience of. */
    private boolean mayIgnoreAudience(ClientModel caller) {
        OIDCLoginProtocol protocol =
                (OIDCLoginProtocol) session.getProvider(LoginProtocol.class, OIDCLoginProtocol.LOGIN_PROTOCOL);
        return protocol.getConfig().isAllowTokenIntrospectionWithoutAudienceCheck()
                || OIDCAdvancedConfigWrapper.fromClientModel(caller).isAllowTokenIntrospectionWithoutAudienceCheck();
    }

    private boolean wantsJwt(ClientModel caller) {
        String accept = session.getContext().getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.ACCEPT);
        return APPLICATION_JWT.equals(accept)
                && Boolean.parseBoolean(
                        caller.getAttribute(Constants.SUPPORT_JWT_CLAIM_IN_INTROSPECTION_RESPONSE_ENABLED));
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
