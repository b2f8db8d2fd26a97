package dev.agentgrant.keycloak.grant;

import static dev.agentgrant.keycloak.grant.GrantStatus.APPROVED;
import static dev.agentgrant.keycloak.grant.GrantStatus.EXPIRED;
import static dev.agentgrant.keycloak.grant.GrantStatus.PENDING;
import static dev.agentgrant.keycloak.grant.TestGrant.REQUESTED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/** The grant snapshot: its status at a given instant (lazy expiry) and the scopes that count. */
class TaskGrantTest {

    private static final Instant WINDOW_ENDS = REQUESTED_AT.plus(TestGrant.APPROVAL_WINDOW);
    private static final Instant DECIDED = REQUESTED_AT.plusSeconds(60);
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Instant LIFETIME_ENDS = DECIDED.plus(LIFETIME);
    private static final Duration NANO = Duration.ofNanos(1);

    // ---- statusAt ----------------------------------------------------------------------------------------------

    static Stream<Arguments> statusAtInstants() {
        TaskGrant pending = TestGrant.pending().build();
        TaskGrant approved = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .build();
        return Stream.of(
                Arguments.of("pending when requested", pending, REQUESTED_AT, PENDING),
                Arguments.of("pending a nanosecond before its window ends", pending, WINDOW_ENDS.minus(NANO), PENDING),
                Arguments.of("pending as its window ends", pending, WINDOW_ENDS, EXPIRED),
                Arguments.of("pending past its window", pending, WINDOW_ENDS.plusSeconds(1), EXPIRED),
                Arguments.of("pending long past its window", pending, WINDOW_ENDS.plus(Duration.ofDays(365)), EXPIRED),
                Arguments.of(
                        "pending before it was requested (clock skew)",
                        pending,
                        REQUESTED_AT.minusSeconds(30),
                        PENDING),
                Arguments.of("approved when decided", approved, DECIDED, APPROVED),
                Arguments.of(
                        "approved past the approval window, within its lifetime",
                        approved,
                        WINDOW_ENDS.plusSeconds(1),
                        APPROVED),
                Arguments.of(
                        "approved a nanosecond before its lifetime ends",
                        approved,
                        LIFETIME_ENDS.minus(NANO),
                        APPROVED),
                Arguments.of("approved as its lifetime ends", approved, LIFETIME_ENDS, EXPIRED),
                Arguments.of("approved past its lifetime", approved, LIFETIME_ENDS.plusSeconds(1), EXPIRED));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("statusAtInstants")
    void statusAtAppliesExpiryLazily(String why, TaskGrant grant, Instant now, GrantStatus expected) {
        assertThat(grant.statusAt(now)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(
            value = GrantStatus.class,
            names = {"DENIED", "EXPIRED", "REVOKED", "EXHAUSTED"})
    void anEndedGrantStaysAsItEndedAtAnyInstant(GrantStatus ending) {
        TestGrant decided = ending == GrantStatus.DENIED || ending == EXPIRED
                ? TestGrant.pending()
                : TestGrant.pending().approved(DECIDED, LIFETIME, Set.of("calendar.read"));
        TaskGrant grant = decided.ended(ending, DECIDED.plusSeconds(5)).build();

        for (Instant now :
                List.of(REQUESTED_AT, DECIDED, WINDOW_ENDS, LIFETIME_ENDS, LIFETIME_ENDS.plus(Duration.ofDays(1)))) {
            assertThat(grant.statusAt(now)).as("at %s", now).isEqualTo(ending);
        }
    }

    @Test
    void statusAtNeverLeavesTheStateMachine() {
        // Whatever the instant, the reported status is the stored one or one the stored one may become.
        TaskGrant pending = TestGrant.pending().build();
        TaskGrant approved = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .build();
        for (TaskGrant grant : List.of(pending, approved)) {
            for (long minute = -10; minute < 24 * 60; minute += 7) {
                GrantStatus now = grant.statusAt(REQUESTED_AT.plus(Duration.ofMinutes(minute)));

                assertThat(now == grant.status() || grant.status().canBecome(now))
                        .as("%s at minute %d", now, minute)
                        .isTrue();
            }
        }
    }

    // ---- effectiveScopes ---------------------------------------------------------------------------------------

    @Test
    void beforeApprovalTheRequestedScopesCount() {
        TaskGrant grant = TestGrant.pending()
                .requestedScopes(ordered("calendar.write", "calendar.read"))
                .build();

        assertThat(grant.effectiveScopes()).containsExactly("calendar.write", "calendar.read");
    }

    @Test
    void onceApprovedTheApprovedScopesCountEvenWhenNarrower() {
        TaskGrant grant = TestGrant.pending()
                .requestedScopes(ordered("calendar.write", "calendar.read"))
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .build();

        assertThat(grant.effectiveScopes()).containsExactly("calendar.read");
    }

    @Test
    void anApprovalOfNoScopeMeansNoScopeNotTheRequestedOnes() {
        TaskGrant grant = TestGrant.pending()
                .requestedScopes(ordered("calendar.write", "calendar.read"))
                .approved(DECIDED, LIFETIME, Set.of())
                .build();

        assertThat(grant.effectiveScopes()).isEmpty();
    }

    @Test
    void theSnapshotCopiesItsScopesAndCannotBeChangedThroughThem() {
        Set<String> requested = ordered("calendar.write", "calendar.read");
        Set<String> approved = ordered("calendar.read");
        TaskGrant grant = TestGrant.pending()
                .requestedScopes(requested)
                .approved(DECIDED, LIFETIME, approved)
                .build();

        requested.add("mail.send");
        approved.add("mail.send");

        assertThat(grant.request().task().scopes()).containsExactly("calendar.write", "calendar.read");
        assertThat(grant.effectiveScopes()).containsExactly("calendar.read");
        assertThatThrownBy(() -> grant.effectiveScopes().add("mail.send"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> grant.request().task().scopes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> grant.evidence().facts().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- scopes(String) ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    void noScopeStringIsNoScope(String scope) {
        assertThat(TaskGrant.scopes(scope)).isEmpty();
    }

    static Stream<Arguments> scopeStrings() {
        return Stream.of(
                Arguments.of("calendar.read", List.of("calendar.read")),
                Arguments.of("calendar.read calendar.write", List.of("calendar.read", "calendar.write")),
                Arguments.of("calendar.write calendar.read", List.of("calendar.write", "calendar.read")),
                Arguments.of("c b a", List.of("c", "b", "a")),
                Arguments.of("a a", List.of("a")),
                Arguments.of("a b a", List.of("a", "b")),
                Arguments.of(
                        "https://api.example.com/calendar openid",
                        List.of("https://api.example.com/calendar", "openid")),
                Arguments.of("Read read", List.of("Read", "read")));
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @MethodSource("scopeStrings")
    void aScopeStringIsItsSpaceSeparatedNamesInTheOrderWritten(String scope, List<String> names) {
        assertThat(TaskGrant.scopes(scope)).containsExactlyElementsOf(names);
    }

    @Test
    void scopesRoundTripThroughTheStoredForm() {
        Set<String> scopes = ordered("mail.send", "calendar.read", "calendar.write");

        assertThat(TaskGrant.scopes(String.join(" ", scopes))).containsExactlyElementsOf(scopes);
        assertThat(TaskGrant.scopes(String.join(" ", Set.<String>of()))).isEmpty();
    }

    private static Set<String> ordered(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    // ---- afterOneUse -------------------------------------------------------------------------------------------

    @Test
    void anApprovedGrantWithUsesLeftCountsOneMoreUseAndChangesNothingElse() {
        TaskGrant seen = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .uses(1, 3)
                .build();

        TaskGrant after = seen.afterOneUse().orElseThrow();

        assertThat(after.usage()).isEqualTo(new TaskGrant.Usage(2, 3));
        assertThat(after.usage().usedUp()).isFalse();
        assertThat(after).usingRecursiveComparison().ignoringFields("usage").isEqualTo(seen);
    }

    @Test
    void theLastUseLeavesTheGrantUsedUpAndStillApproved() {
        TaskGrant seen = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .uses(2, 3)
                .build();

        TaskGrant after = seen.afterOneUse().orElseThrow();

        assertThat(after.usage()).isEqualTo(new TaskGrant.Usage(3, 3));
        assertThat(after.usage().usedUp()).isTrue();
        assertThat(after.status()).isEqualTo(APPROVED);
    }

    @Test
    void aGrantWithNoUseLeftHasNoStateAfterAUse() {
        TaskGrant usedUp = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .uses(3, 3)
                .build();

        assertThat(usedUp.afterOneUse()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = GrantStatus.class, names = "APPROVED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnApprovedGrantCanSpendAUse(GrantStatus status) {
        TaskGrant grant = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .uses(0, 3)
                .status(status)
                .build();

        assertThat(grant.afterOneUse()).isEmpty();
    }
}
