package dev.agentgrant.keycloak.grant.admin;

import static dev.agentgrant.keycloak.grant.admin.BulkRevocation.Criterion.AGENT;
import static dev.agentgrant.keycloak.grant.admin.BulkRevocation.Criterion.SOURCE;
import static dev.agentgrant.keycloak.grant.admin.BulkRevocation.Criterion.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bulk revocation body: exactly one criterion, read strictly, because a misread one ends the wrong grants. */
class BulkRevocationTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(
                        "{\"user\":\"8f14e45f-ceea-467e-a0f2-cd8a3f3b1f0c\"}",
                        USER,
                        "8f14e45f-ceea-467e-a0f2-cd8a3f3b1f0c"),
                Arguments.of("{\"agent\":\"calendar-agent\"}", AGENT, "calendar-agent"),
                Arguments.of(" { \"source\" : \"spire_prod-1.eu\" } ", SOURCE, "spire_prod-1.eu"));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void oneCriterionIsRead(String body, BulkRevocation.Criterion criterion, String value) throws Exception {
        assertThat(BulkRevocation.parse(body)).isEqualTo(new BulkRevocation(criterion, value));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(null, "exactly one of user, agent or source"),
                Arguments.of("", "exactly one of user, agent or source"),
                Arguments.of("{}", "exactly one of user, agent or source"),
                Arguments.of("[\"agent\"]", "exactly one of user, agent or source"),
                Arguments.of("\"agent\"", "exactly one of user, agent or source"),
                Arguments.of("{\"user\":\"u\",\"agent\":\"a\"}", "exactly one of user, agent or source"),
                Arguments.of("{\"agent\":\"a\",\"agent\":\"b\"}", "not valid JSON"),
                Arguments.of("{\"agent\":\"a\"} {\"user\":\"u\"}", "not valid JSON"),
                Arguments.of("{\"agent\":", "not valid JSON"),
                Arguments.of("{\"client\":\"a\"}", "Unknown member 'client'"),
                Arguments.of("{\"Agent\":\"a\"}", "Unknown member 'Agent'"),
                Arguments.of("{\"agent\":\"\"}", "agent must be a non-empty string"),
                Arguments.of("{\"agent\":null}", "agent must be a non-empty string"),
                Arguments.of("{\"agent\":[\"a\"]}", "agent must be a non-empty string"),
                Arguments.of("{\"user\":42}", "user must be a non-empty string"),
                Arguments.of("{\"user\":\"" + "u".repeat(256) + "\"}", "user is longer than 255"),
                Arguments.of("{\"source\":\"spire%\"}", "source is not an attestation source alias"),
                Arguments.of("{\"source\":\"Spire\"}", "source is not an attestation source alias"),
                Arguments.of("{\"source\":\"spire prod\"}", "source is not an attestation source alias"),
                Arguments.of("{\"source\":\"-spire\"}", "source is not an attestation source alias"),
                Arguments.of("{\"source\":\"spire\\\\\"}", "source is not an attestation source alias"),
                Arguments.of("{\"agent\":\"" + "a".repeat(5_000) + "\"}", "longer than 4096 characters"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void anythingElseIsRefusedWithTheReason(String body, String reason) {
        assertThatThrownBy(() -> BulkRevocation.parse(body))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void onlyAgentAndSourceAlsoDenyWaitingRequests(String body, BulkRevocation.Criterion criterion, String value) {
        assertThat(criterion.deniesPending()).isEqualTo(criterion != USER);
    }
}
