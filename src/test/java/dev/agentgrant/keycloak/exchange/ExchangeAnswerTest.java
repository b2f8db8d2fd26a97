package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeAnswerTest {

    @Test
    void anExchangeTheDatabaseCouldNotServeIsA503TheAgentMayRepeatLater() {
        Response response = ExchangeAnswer.unavailable().build();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getEntity())
                .isEqualTo(Map.of(
                        "error",
                        "temporarily_unavailable",
                        "error_description",
                        "The server cannot reach its database right now; repeat the request later"));
    }
}
