package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdminResponsesTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(
                        (Function<String, WebApplicationException>) AdminResponses::invalidRequest,
                        400,
                        "invalid_request"),
                Arguments.of((Function<String, WebApplicationException>) AdminResponses::notFound, 404, "not_found"),
                Arguments.of((Function<String, WebApplicationException>) AdminResponses::notActive, 409, "not_active"),
                Arguments.of((Function<String, WebApplicationException>) AdminResponses::conflict, 409, "conflict"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void everyAdminErrorHasOneShapeThatOAuthToolingAndKeycloaksConsoleBothRead(
            Function<String, WebApplicationException> error, int status, String code) {
        Response response = error.apply("No grant of that id").getResponse();

        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getEntity())
                .isEqualTo(Map.of(
                        "error", code,
                        "error_description", "No grant of that id",
                        "errorMessage", "No grant of that id"));
    }
}
