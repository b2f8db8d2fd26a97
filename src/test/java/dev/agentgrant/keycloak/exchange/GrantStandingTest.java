package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.TestGrant;
import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrantStandingTest {

    private static final String AGENT = "agent-internal-id";
    private static final Instant DECIDED = TestGrant.REQUESTED_AT.plusSeconds(60);
    private static final Instant NOW = DECIDED.plusSeconds(60);

    private static TestGrant approved() {
        return TestGrant.pending().approved(DECIDED, Duration.ofHours(1), Set.of("calendar.read"));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no such grant", Optional.empty(), AGENT, NOW, OAuthError.INVALID_GRANT, "unknown_grant"),
                Arguments.of(
                        "another agent's grant",
                        Optional.of(approved().build()),
                        "other-agent",
                        NOW,
                        OAuthError.INVALID_GRANT,
                        "foreign_grant"),
                Arguments.of(
                        "another agent's pending request",
                        Optional.of(TestGrant.pending().build()),
                        "other-agent",
                        NOW,
                        OAuthError.INVALID_GRANT,
                        "foreign_grant"),
                Arguments.of(
                        "denied",
                        Optional.of(TestGrant.pending()
                                .ended(GrantStatus.DENIED, DECIDED)
                                .build()),
                        AGENT,
                        NOW,
                        OAuthError.ACCESS_DENIED,
                        "grant_denied"),
                Arguments.of(
                        "approval window passed, not yet written down",
                        Optional.of(TestGrant.pending().build()),
                        AGENT,
                        TestGrant.REQUESTED_AT.plus(TestGrant.APPROVAL_WINDOW),
                        OAuthError.EXPIRED_TOKEN,
                        "approval_expired"),
                Arguments.of(
                        "approval window passed",
                        Optional.of(TestGrant.pending()
                                .ended(GrantStatus.EXPIRED, TestGrant.REQUESTED_AT.plus(TestGrant.APPROVAL_WINDOW))
                                .build()),
                        AGENT,
                        NOW.plus(TestGrant.APPROVAL_WINDOW),
                        OAuthError.EXPIRED_TOKEN,
                        "approval_expired"),
                Arguments.of(
                        "lifetime over",
                        Optional.of(approved().build()),
                        AGENT,
                        DECIDED.plus(Duration.ofHours(1)),
                        OAuthError.INVALID_GRANT,
                        "grant_expired"),
                Arguments.of(
                        "revoked",
                        Optional.of(approved().ended(GrantStatus.REVOKED, NOW).build()),
                        AGENT,
                        NOW,
                        OAuthError.INVALID_GRANT,
                        "grant_revoked"),
                Arguments.of(
                        "exhausted",
                        Optional.of(approved()
                                .uses(3, 3)
                                .ended(GrantStatus.EXHAUSTED, NOW)
                                .build()),
                        AGENT,
                        NOW,
                        OAuthError.INVALID_GRANT,
                        "grant_exhausted"),
                Arguments.of(
                        "approved with every use taken",
                        Optional.of(approved().uses(3, 3).build()),
                        AGENT,
                        NOW,
                        OAuthError.INVALID_GRANT,
                        "grant_exhausted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, Optional<TaskGrant> grant, String agent, Instant now, OAuthError error, String reason) {
        assertThatThrownBy(() -> GrantStanding.of(grant, agent, now))
                .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                    assertThat(refusal.error()).isEqualTo(error);
                    assertThat(refusal.reason()).isEqualTo(reason);
                });
    }

    @Test
    void anUnknownAndAForeignGrantReadTheSame() {
        assertThatThrownBy(() -> GrantStanding.of(Optional.empty(), AGENT, NOW))
                .hasMessage(GrantStanding.UNKNOWN_GRANT);
        assertThatThrownBy(() -> GrantStanding.of(Optional.of(approved().build()), "other-agent", NOW))
                .hasMessage(GrantStanding.UNKNOWN_GRANT);
    }

    @Test
    void aWaitingRequestIsPendingAndAnApprovedGrantWithUsesLeftIsUsable() throws ExchangeRefusal {
        assertThat(GrantStanding.of(Optional.of(TestGrant.pending().build()), AGENT, NOW))
                .isEqualTo(GrantStanding.PENDING);
        assertThat(GrantStanding.of(Optional.of(approved().uses(2, 3).build()), AGENT, NOW))
                .isEqualTo(GrantStanding.USABLE);
    }
}
