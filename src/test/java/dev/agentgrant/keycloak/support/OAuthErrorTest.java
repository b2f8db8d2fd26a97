package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OAuthErrorTest {

    @Test
    void everyCodeIsSpeltAsItsRfcSpellsIt() {
        assertThat(Arrays.stream(OAuthError.values()).map(OAuthError::code))
                .containsExactly(
                        "invalid_request",
                        "invalid_client",
                        "unauthorized_client",
                        "invalid_grant",
                        "unsupported_grant_type",
                        "invalid_scope",
                        "authorization_pending",
                        "slow_down",
                        "access_denied",
                        "expired_token",
                        "invalid_target",
                        "invalid_dpop_proof",
                        "use_dpop_nonce",
                        "actor_unauthorized",
                        "temporarily_unavailable");
    }

    @Test
    void onlyAFailedClientAuthenticationIsAnswered401AndOnlyAServerUnableToAnswerNow503() {
        assertThat(Arrays.stream(OAuthError.values()).filter(error -> error.httpStatus() != 400))
                .containsExactly(OAuthError.INVALID_CLIENT, OAuthError.TEMPORARILY_UNAVAILABLE);
        assertThat(OAuthError.TEMPORARILY_UNAVAILABLE.status()).isEqualTo(Response.Status.SERVICE_UNAVAILABLE);
        assertThat(OAuthError.INVALID_CLIENT.status()).isEqualTo(Response.Status.UNAUTHORIZED);
    }
}
