package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoStoreJsonTest {

    @Test
    void anErrorHasTheRfc6749Shape_itsCodesStatus_andIsNeverCached() {
        Response response = NoStoreJson.error(OAuthError.INVALID_CLIENT, "Agents must be confidential clients")
                .build();

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeaderString("Pragma")).isEqualTo("no-cache");
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getEntity())
                .isEqualTo(
                        Map.of("error", "invalid_client", "error_description", "Agents must be confidential clients"));
    }

    @Test
    void aCallSiteMayAnswerACodeWithAStatusOfItsOwn() {
        Response response = NoStoreJson.error(Response.Status.NOT_FOUND, OAuthError.INVALID_GRANT, "No such grant")
                .build();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getEntity())
                .isEqualTo(Map.of("error", "invalid_grant", "error_description", "No such grant"));
    }
}
