package dev.agentgrant.keycloak.grant;

import static dev.agentgrant.keycloak.grant.GrantStatus.APPROVED;
import static dev.agentgrant.keycloak.grant.GrantStatus.DENIED;
import static dev.agentgrant.keycloak.grant.GrantStatus.EXHAUSTED;
import static dev.agentgrant.keycloak.grant.GrantStatus.EXPIRED;
import static dev.agentgrant.keycloak.grant.GrantStatus.PENDING;
import static dev.agentgrant.keycloak.grant.GrantStatus.REVOKED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The grant state machine: exactly six edges, and every state without one is final. */
class GrantStatusTest {

    private record Edge(GrantStatus from, GrantStatus to) {}

    /** The whole state machine, written out independently of the enum. */
    private static final Set<Edge> EDGES = Set.of(
            new Edge(PENDING, APPROVED),
            new Edge(PENDING, DENIED),
            new Edge(PENDING, EXPIRED),
            new Edge(APPROVED, REVOKED),
            new Edge(APPROVED, EXPIRED),
            new Edge(APPROVED, EXHAUSTED));

    static Stream<Arguments> everyPairOfStates() {
        return Arrays.stream(GrantStatus.values())
                .flatMap(from -> Arrays.stream(GrantStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPairOfStates")
    void onlyTheSixEdgesOfTheStateMachineAreTransitions(GrantStatus from, GrantStatus to) {
        assertThat(from.canBecome(to)).isEqualTo(EDGES.contains(new Edge(from, to)));
    }

    @Test
    void thePairTableCoversEveryState() {
        assertThat(GrantStatus.values())
                .containsExactlyInAnyOrder(PENDING, APPROVED, DENIED, EXPIRED, REVOKED, EXHAUSTED);
        assertThat(everyPairOfStates()).hasSize(36);
    }

    @ParameterizedTest(name = "{0} final: {1}")
    @CsvSource({"PENDING, false", "APPROVED, false", "DENIED, true", "EXPIRED, true", "REVOKED, true", "EXHAUSTED, true"
    })
    void onlyPendingAndApprovedAreNotFinal(GrantStatus status, boolean isFinal) {
        assertThat(status.isFinal()).isEqualTo(isFinal);
    }

    @ParameterizedTest
    @EnumSource(GrantStatus.class)
    void aStateIsFinalExactlyWhenNoTransitionLeavesIt(GrantStatus status) {
        boolean hasWayOut = Arrays.stream(GrantStatus.values()).anyMatch(status::canBecome);

        assertThat(status.isFinal()).isEqualTo(!hasWayOut);
    }

    @ParameterizedTest
    @EnumSource(GrantStatus.class)
    void nothingReturnsToPendingAndNothingBecomesItselfAgain(GrantStatus status) {
        assertThat(status.canBecome(PENDING)).isFalse();
        assertThat(status.canBecome(status)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(GrantStatus.class)
    void noStateCanBecomeNothing(GrantStatus status) {
        assertThat(status.canBecome(null)).isFalse();
    }
}
