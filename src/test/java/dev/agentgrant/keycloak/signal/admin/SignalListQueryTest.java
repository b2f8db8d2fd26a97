package dev.agentgrant.keycloak.signal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.signal.Outbox;
import dev.agentgrant.keycloak.signal.SignalStatus;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalListQueryTest {

    @Test
    void noParametersListEverythingNewestFirstInPagesOfTwenty() throws InvalidAdminRequest {
        SignalListQuery query = SignalListQuery.parse(Map.of());

        assertThat(query)
                .isEqualTo(new SignalListQuery(
                        new Outbox.Filter(Optional.empty(), Optional.empty(), Optional.empty()), 0, 20));
    }

    @Test
    void filtersByStatusGrantAndReceiver() throws InvalidAdminRequest {
        SignalListQuery query = SignalListQuery.parse(Map.of(
                "status", List.of("DEAD_LETTERED"),
                "grant", List.of("g-1"),
                "receiver", List.of("calendar-api"),
                "first", List.of("40"),
                "max", List.of("100")));

        assertThat(query)
                .isEqualTo(new SignalListQuery(
                        new Outbox.Filter(
                                Optional.of(SignalStatus.DEAD_LETTERED),
                                Optional.of("g-1"),
                                Optional.of("calendar-api")),
                        40,
                        100));
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> SignalListQuery.parse(Map.of("status", List.of("dead"))))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessage("status must be one of PENDING, DELIVERED, DEAD_LETTERED");
    }

    @Test
    void anUnknownRepeatedOrEmptyParameterIsRefused() {
        assertThatThrownBy(() -> SignalListQuery.parse(Map.of("user", List.of("x"))))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessageContaining("Unknown parameter 'user'");
        assertThatThrownBy(() -> SignalListQuery.parse(Map.of("grant", List.of("a", "b"))))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessageContaining("repeated");
        assertThatThrownBy(() -> SignalListQuery.parse(Map.of("receiver", List.of(""))))
                .isInstanceOf(InvalidAdminRequest.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SignalListQuery.parse(Map.of("max", List.of("101"))))
                .isInstanceOf(InvalidAdminRequest.class);
        assertThatThrownBy(() -> SignalListQuery.parse(Map.of("receiver", List.of("x".repeat(256)))))
                .isInstanceOf(InvalidAdminRequest.class);
    }
}
