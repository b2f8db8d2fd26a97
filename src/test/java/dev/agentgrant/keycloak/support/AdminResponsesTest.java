package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    @Test
    void aRefusalForSeveralProblemsListsEveryOneWithItsAttributeAndSumsThemUp() {
        Response response = AdminResponses.invalidRequest(
                        "The agent profile is not valid",
                        List.of(
                                new AdminResponses.Problem("agent-grant.max-uses", "agent-grant.max-uses must be 1"),
                                new AdminResponses.Problem("client_id", "client_id is required")))
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        String description = "The agent profile is not valid: agent-grant.max-uses must be 1; client_id is required";
        assertThat(response.getEntity())
                .isEqualTo(Map.of(
                        "error",
                        "invalid_request",
                        "error_description",
                        description,
                        "errorMessage",
                        description,
                        "problems",
                        List.of(
                                Map.of(
                                        "attribute",
                                        "agent-grant.max-uses",
                                        "message",
                                        "agent-grant.max-uses must be 1"),
                                Map.of("attribute", "client_id", "message", "client_id is required"))));
    }
}
