package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bodies that make and change agents: every mistake found in one reading, each with the member it is about. */
class AgentWriteRequestTest {

    @Test
    void aNewClientRequestIsRead() {
        AgentWriteRequest request =
                AgentWriteRequest.creation("{\"client_id\":\"mail-agent\",\"new_client\":true,\"name\":\"Mail\","
                        + "\"attributes\":{\"agent-grant.allowed-scopes\":\"mail.send\"}}");

        assertThat(request.problems()).isEmpty();
        assertThat(request.clientId()).contains("mail-agent");
        assertThat(request.newClient()).isTrue();
        assertThat(request.name()).contains("Mail");
        assertThat(request.attributes()).isEqualTo(Map.of("agent-grant.allowed-scopes", "mail.send"));
    }

    @Test
    void anExistingClientNeedsOnlyItsClientId() {
        AgentWriteRequest request = AgentWriteRequest.creation("{\"client_id\":\"mail-agent\"}");

        assertThat(request.problems()).isEmpty();
        assertThat(request.newClient()).isFalse();
        assertThat(request.name()).isEmpty();
        assertThat(request.attributes()).isEmpty();
    }

    @Test
    void everyMistakeOfACreationIsReportedAtOnce() {
        AgentWriteRequest request =
                AgentWriteRequest.creation("{\"name\":\"x\",\"colour\":\"blue\",\"new_client\":\"yes\",\"attributes\":{"
                        + "\"agent-grant.enabled\":\"false\",\"description\":\"d\",\"agent-grant.max-uses\":5,"
                        + "\"agent-grant.owners\":\"bob\"}}");

        assertThat(request.problems().stream().map(Problem::attribute))
                .containsExactlyInAnyOrder(
                        "colour",
                        "new_client",
                        "client_id",
                        "name",
                        "agent-grant.enabled",
                        "description",
                        "agent-grant.max-uses");
        assertThat(request.attributes()).isEqualTo(Map.of("agent-grant.owners", "bob"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail agent", "mail\u0000agent", "mail\u200Bagent", " "})
    void aNewClientIdMustBeVisibleWithoutBlanks(String clientId) {
        AgentWriteRequest request = AgentWriteRequest.creation(
                "{\"client_id\":\"" + clientId.replace("\u0000", "\\u0000") + "\",\"new_client\":true}");

        assertThat(request.problems()).extracting(Problem::attribute).containsExactly("client_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[]", "\"agent\"", "{\"client_id\":\"a\",\"client_id\":\"b\"}", "{} {}", "{"})
    void aBodyThatIsNoSingleObjectIsOneProblem(String body) {
        assertThat(AgentWriteRequest.creation(body).problems())
                .extracting(Problem::attribute)
                .containsExactly("body");
    }

    @Test
    void aReplacementNeedsTheWholeProfileAndNothingElse() {
        assertThat(AgentWriteRequest.replacement("{}").problems())
                .extracting(Problem::attribute)
                .containsExactly("attributes");
        assertThat(AgentWriteRequest.replacement("{\"attributes\":{},\"client_id\":\"x\"}")
                        .problems())
                .extracting(Problem::attribute)
                .containsExactly("client_id");
        assertThat(AgentWriteRequest.replacement("{\"attributes\":[]}").problems())
                .extracting(Problem::attribute)
                .containsExactly("attributes");
    }

    @Test
    void theResultKeepsOtherAttributesReplacesTheNamespaceAndStaysEnabled() {
        AgentWriteRequest request =
                AgentWriteRequest.replacement("{\"attributes\":{\"agent-grant.allowed-scopes\":\"mail.send\"}}");
        Map<String, String> current = Map.of(
                "agent-grant.enabled", "true",
                "agent-grant.suspended", "true",
                "agent-grant.max-uses", "5",
                "Agent-Grant.Typo", "x",
                "dpop.bound.access.tokens", "true");

        assertThat(request.resultingAttributes(current, true))
                .isEqualTo(Map.of(
                        "agent-grant.enabled", "true",
                        "agent-grant.suspended", "true",
                        "agent-grant.allowed-scopes", "mail.send",
                        "dpop.bound.access.tokens", "true"));
        assertThat(request.resultingAttributes(current, false))
                .isEqualTo(Map.of(
                        "agent-grant.enabled", "true",
                        "agent-grant.allowed-scopes", "mail.send",
                        "dpop.bound.access.tokens", "true"));
    }

    @Test
    void aSuspensionTheBodyNamesWins() {
        AgentWriteRequest request =
                AgentWriteRequest.replacement("{\"attributes\":{\"agent-grant.suspended\":\"false\"}}");

        assertThat(request.resultingAttributes(Map.of("agent-grant.suspended", "true"), true))
                .containsEntry("agent-grant.suspended", "false");
        assertThat(request.clientId()).isEqualTo(Optional.empty());
    }
}
