package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.NoStoreJson;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.OAuth2Constants;
import org.keycloak.services.cors.Cors;

/**
 * The HTTP answers of a task-grant exchange: the token response (RFC 8693 §2.2.1, with the {@code authorization_details}
 * of RFC 9396 §7) or the error (RFC 6749 §5.2), never cached (RFC 6749 §5.1), with the token endpoint's CORS headers,
 * and for an agent that requires DPoP nonces the nonce its next proof must carry, on errors and successes alike
 * (RFC 9449 §8).
 */
final class ExchangeAnswer {

    private final Cors cors;
    private final Optional<DpopNonces> nonces;
    private final Supplier<Instant> clock;

    /**
     * @param nonces the agent's nonces when it requires them (RFC 9449 §8.2)
     * @param clock  the time a fresh nonce is issued at
     */
    public ExchangeAnswer(Cors cors, Optional<DpopNonces> nonces, Supplier<Instant> clock) {
        this.cors = cors;
        this.nonces = nonces;
        this.clock = clock;
    }

    public Response issued(TaskTokenMinter.Minted minted, Set<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", minted.token());
        body.put("token_type", minted.tokenType());
        body.put("expires_in", minted.expiresIn());
        body.put("scope", String.join(" ", scopes));
        body.put("authorization_details", minted.authorizationDetails());
        body.put("issued_token_type", ExchangeRequest.ACCESS_TOKEN_TYPE);
        return cors.add(withNonce(NoStoreJson.answer(Response.Status.OK, body)));
    }

    public Response refused(ExchangeRefusal refusal) {
        return cors.add(withNonce(NoStoreJson.error(refusal.error(), refusal.description())));
    }

    private Response.ResponseBuilder withNonce(Response.ResponseBuilder answer) {
        nonces.flatMap(agentNonces -> agentNonces.issue(clock.get())).ifPresent(nonce -> {
            answer.header(OAuth2Constants.DPOP_NONCE_HEADER, nonce);
            cors.exposedHeaders(OAuth2Constants.DPOP_NONCE_HEADER);
        });
        return answer;
    }
}
