package dev.agentgrant.keycloak.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.TestGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskTokenStandingTest {

    private static final Instant APPROVED_AT = TestGrant.REQUESTED_AT.plusSeconds(60);
    private static final Instant NOW = APPROVED_AT.plusSeconds(120);
    private static final TaskTokenStanding.Claims CLAIMS =
            new TaskTokenStanding.Claims(TestGrant.ID, TestGrant.USER_ID, "calendar-agent", "calendar-agent");
    private static final TaskTokenStanding.Agent AGENT =
            new TaskTokenStanding.Agent("agent-internal-id", true, true, false);
    private static final TaskTokenStanding.Person PERSON =
            new TaskTokenStanding.Person(TestGrant.USER_ID, true, false, false);

    private static TaskGrant approved() {
        return TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .build();
    }

    private static Optional<String> reason(
            TaskTokenStanding.Claims claims,
            TaskGrant grant,
            TaskTokenStanding.Agent agent,
            TaskTokenStanding.Person person) {
        return TaskTokenStanding.inactiveReason(
                claims, Optional.ofNullable(grant), Optional.ofNullable(agent), Optional.ofNullable(person), NOW);
    }

    @Test
    void aTokenOfAnApprovedGrantWhoseAgentAndPersonStandIsActive() {
        assertThat(reason(CLAIMS, approved(), AGENT, PERSON)).isEmpty();
    }

    @Test
    void anExhaustedGrantsTokensStayActiveUntilTheyExpire() {
        TaskGrant exhausted = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.EXHAUSTED)
                .build();
        assertThat(reason(CLAIMS, exhausted, AGENT, PERSON)).isEmpty();
    }

    @Test
    void aRevokedExpiredOrUnapprovedGrantEndsItsTokens() {
        TaskGrant revoked = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.REVOKED)
                .build();
        assertThat(reason(CLAIMS, revoked, AGENT, PERSON)).contains("grant_revoked");
        TaskGrant lapsed = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofSeconds(60), Set.of("calendar.read"))
                .build();
        assertThat(reason(CLAIMS, lapsed, AGENT, PERSON))
                .as("past its lifetime before the store wrote it down")
                .contains("grant_expired");
        TaskGrant expired = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofHours(1), Set.of("calendar.read"))
                .status(GrantStatus.EXPIRED)
                .build();
        assertThat(reason(CLAIMS, expired, AGENT, PERSON)).contains("grant_expired");
        TaskGrant exhaustedAndLapsed = TestGrant.pending()
                .approved(APPROVED_AT, Duration.ofSeconds(60), Set.of("calendar.read"))
                .status(GrantStatus.EXHAUSTED)
                .build();
        assertThat(reason(CLAIMS, exhaustedAndLapsed, AGENT, PERSON)).contains("grant_expired");
        TaskGrant denied =
                TestGrant.pending().ended(GrantStatus.DENIED, APPROVED_AT).build();
        assertThat(reason(CLAIMS, denied, AGENT, PERSON)).isPresent();
        assertThat(reason(CLAIMS, TestGrant.pending().build(), AGENT, PERSON)).isPresent();
    }

    @Test
    void aTokenCannotBorrowTheStandingOfAGrantThatIsNotItsOwn() {
        assertThat(reason(CLAIMS, null, AGENT, PERSON)).contains("grant_not_found");
        assertThat(reason(
                        new TaskTokenStanding.Claims(42, TestGrant.USER_ID, "calendar-agent", "calendar-agent"),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_not_found");
        assertThat(reason(
                        new TaskTokenStanding.Claims(
                                "another-grant", TestGrant.USER_ID, "calendar-agent", "calendar-agent"),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, "someone-else", "calendar-agent", "calendar-agent"),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, TestGrant.USER_ID, "other-agent", "other-agent"),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, TestGrant.USER_ID, "calendar-agent", "other-agent"),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
        assertThat(reason(
                        new TaskTokenStanding.Claims(TestGrant.ID, TestGrant.USER_ID, "calendar-agent", Map.of()),
                        approved(),
                        AGENT,
                        PERSON))
                .contains("grant_mismatch");
    }

    @Test
    void theAgentMustStillBeTheSameEnabledUnsuspendedAgent() {
        assertThat(reason(CLAIMS, approved(), null, PERSON)).contains("agent_not_found");
        assertThat(reason(CLAIMS, approved(), new TaskTokenStanding.Agent("recreated-id", true, true, false), PERSON))
                .contains("agent_not_found");
        assertThat(reason(
                        CLAIMS,
                        approved(),
                        new TaskTokenStanding.Agent("agent-internal-id", false, true, false),
                        PERSON))
                .contains("agent_disabled");
        assertThat(reason(
                        CLAIMS,
                        approved(),
                        new TaskTokenStanding.Agent("agent-internal-id", true, false, false),
                        PERSON))
                .contains("not_an_agent");
        assertThat(reason(
                        CLAIMS, approved(), new TaskTokenStanding.Agent("agent-internal-id", true, true, true), PERSON))
                .contains("agent_suspended");
    }

    @Test
    void thePersonMustStillBeThereEnabledNotLockedOutAndTheirTokensNotRevoked() {
        assertThat(reason(CLAIMS, approved(), AGENT, null)).contains("user_not_found");
        assertThat(reason(
                        CLAIMS,
                        approved(),
                        AGENT,
                        new TaskTokenStanding.Person(TestGrant.USER_ID, false, false, false)))
                .contains("user_disabled");
        assertThat(reason(
                        CLAIMS, approved(), AGENT, new TaskTokenStanding.Person(TestGrant.USER_ID, true, true, false)))
                .contains("user_locked");
        assertThat(reason(
                        CLAIMS, approved(), AGENT, new TaskTokenStanding.Person(TestGrant.USER_ID, true, false, true)))
                .contains("user_tokens_revoked");
    }
}
