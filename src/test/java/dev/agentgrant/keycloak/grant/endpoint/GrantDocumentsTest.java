package dev.agentgrant.keycloak.grant.endpoint;

import static dev.agentgrant.keycloak.grant.TestGrant.APPROVAL_WINDOW;
import static dev.agentgrant.keycloak.grant.TestGrant.REQUESTED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.TestGrant;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent endpoints' JSON bodies: the RFC 8628 §3.2 creation response and the grant status. */
class GrantDocumentsTest {

    private static final String VERIFICATION_URI = "https://sso.example.com/realms/acme/agent-grant/verify";
    private static final String USER_CODE = "BCDF-GHJK";
    private static final Instant WINDOW_ENDS = REQUESTED_AT.plus(APPROVAL_WINDOW);
    private static final Instant DECIDED = REQUESTED_AT.plusSeconds(90);
    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final Instant LIFETIME_ENDS = DECIDED.plus(LIFETIME);

    /** Members the agent must never learn from its grant (who approved it, what we stored about the workload). */
    private static final List<String> PRIVATE = List.of(
            TestGrant.USER_ID,
            TestGrant.LOGIN_HINT,
            TestGrant.THUMBPRINT,
            "spiffe://example.org/calendar-agent",
            "203.0.113.7",
            "attestation-jti-1",
            "production-agents");

    private static TaskGrant pending() {
        return TestGrant.pending()
                .requestedScopes(ordered("calendar.write", "calendar.read"))
                .uses(0, 7)
                .build();
    }

    private static TaskGrant approved() {
        return TestGrant.pending()
                .requestedScopes(ordered("calendar.write", "calendar.read"))
                .uses(3, 7)
                .approved(DECIDED, LIFETIME, ordered("calendar.read"))
                .build();
    }

    // ---- created -----------------------------------------------------------------------------------------------

    @Test
    void createdHasEveryMemberOfADeviceAuthorizationResponse() {
        Map<String, Object> body = GrantDocuments.created(pending(), USER_CODE, VERIFICATION_URI, REQUESTED_AT);

        // RFC 8628 §3.2, with grant_id in place of device_code.
        assertThat(body)
                .containsOnlyKeys(
                        "grant_id",
                        "user_code",
                        "verification_uri",
                        "verification_uri_complete",
                        "expires_in",
                        "interval");
        assertThat(body.keySet())
                .containsExactly(
                        "grant_id",
                        "user_code",
                        "verification_uri",
                        "verification_uri_complete",
                        "expires_in",
                        "interval");
        assertThat(body)
                .containsEntry("grant_id", TestGrant.ID)
                .containsEntry("user_code", USER_CODE)
                .containsEntry("verification_uri", VERIFICATION_URI)
                .containsEntry("verification_uri_complete", VERIFICATION_URI + "?user_code=BCDF-GHJK")
                .containsEntry("expires_in", APPROVAL_WINDOW.getSeconds())
                .containsEntry("interval", 5);
        assertThat(GrantDocuments.POLLING_INTERVAL_SECONDS).isEqualTo(5);
    }

    static Stream<Arguments> userCodesToEncode() {
        return Stream.of(
                Arguments.of("BCDF-GHJK", "BCDF-GHJK"),
                Arguments.of("BCDF GHJK", "BCDF+GHJK"),
                Arguments.of("A&B=C#D", "A%26B%3DC%23D"),
                Arguments.of("?x/y%", "%3Fx%2Fy%25"),
                Arguments.of("\u00E9", "%C3%A9"));
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @MethodSource("userCodesToEncode")
    void theCompleteVerificationUriCarriesTheUserCodeUrlEncoded(String userCode, String encoded) {
        String complete = (String) GrantDocuments.created(pending(), userCode, VERIFICATION_URI, REQUESTED_AT)
                .get("verification_uri_complete");

        assertThat(complete).isEqualTo(VERIFICATION_URI + "?user_code=" + encoded);
        URI uri = URI.create(complete);
        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.getRawQuery()).startsWith("user_code=").doesNotContain("&");
        assertThat(URLDecoder.decode(uri.getRawQuery().substring("user_code=".length()), StandardCharsets.UTF_8))
                .isEqualTo(userCode);
    }

    static Stream<Arguments> createdAt() {
        return Stream.of(
                Arguments.of("at the request", REQUESTED_AT, APPROVAL_WINDOW.getSeconds()),
                Arguments.of("a second later", REQUESTED_AT.plusSeconds(1), APPROVAL_WINDOW.getSeconds() - 1),
                Arguments.of("half a second before the end", WINDOW_ENDS.minusMillis(500), 0L),
                Arguments.of("at the end", WINDOW_ENDS, 0L),
                Arguments.of("a second after the end", WINDOW_ENDS.plusSeconds(1), 0L),
                Arguments.of("a day after the end", WINDOW_ENDS.plus(Duration.ofDays(1)), 0L));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("createdAt")
    void expiresInCountsDownToZeroAndNeverBelow(String why, Instant now, long expiresIn) {
        assertThat(GrantDocuments.created(pending(), USER_CODE, VERIFICATION_URI, now))
                .containsEntry("expires_in", expiresIn);
    }

    // ---- status ------------------------------------------------------------------------------------------------

    @Test
    void aPendingGrantTellsHowLongItWaitsAndHowOftenToPoll() {
        Map<String, Object> body = GrantDocuments.status(pending(), REQUESTED_AT.plusSeconds(100));

        assertThat(body.keySet())
                .containsExactly(
                        "grant_id",
                        "status",
                        "audience",
                        "requested_scope",
                        "max_uses",
                        "uses",
                        "requested_at",
                        "expires_in",
                        "interval");
        assertThat(body)
                .containsEntry("grant_id", TestGrant.ID)
                .containsEntry("status", "PENDING")
                .containsEntry("audience", "calendar-api")
                .containsEntry("requested_scope", "calendar.write calendar.read")
                .containsEntry("max_uses", 7)
                .containsEntry("uses", 0)
                .containsEntry("requested_at", REQUESTED_AT.getEpochSecond())
                .containsEntry("expires_in", APPROVAL_WINDOW.getSeconds() - 100)
                .containsEntry("interval", 5);
    }

    @Test
    void aPendingGrantPastItsWindowReportsExpiredWithoutPollingAdvice() {
        for (Instant now : List.of(WINDOW_ENDS, WINDOW_ENDS.plusSeconds(1), WINDOW_ENDS.plus(Duration.ofDays(3)))) {
            Map<String, Object> body = GrantDocuments.status(pending(), now);

            assertThat(body)
                    .as("at %s", now)
                    .containsEntry("status", "EXPIRED")
                    .doesNotContainKeys("expires_in", "interval", "scope", "decided_at", "expires_at");
        }
    }

    @Test
    void anApprovedGrantTellsWhatItAllowsAndUntilWhen() {
        Instant now = DECIDED.plusSeconds(600);
        Map<String, Object> body = GrantDocuments.status(approved(), now);

        assertThat(body.keySet())
                .containsExactlyInAnyOrder(
                        "grant_id",
                        "status",
                        "audience",
                        "requested_scope",
                        "scope",
                        "max_uses",
                        "uses",
                        "requested_at",
                        "decided_at",
                        "expires_at",
                        "expires_in");
        assertThat(body)
                .containsEntry("status", "APPROVED")
                .containsEntry("requested_scope", "calendar.write calendar.read")
                .containsEntry("scope", "calendar.read")
                .containsEntry("uses", 3)
                .containsEntry("max_uses", 7)
                .containsEntry("decided_at", DECIDED.getEpochSecond())
                .containsEntry("expires_at", LIFETIME_ENDS.getEpochSecond())
                .containsEntry("expires_in", LIFETIME.getSeconds() - 600);
    }

    @Test
    void anApprovedGrantOfNoScopeSaysSo() {
        TaskGrant grant =
                TestGrant.pending().approved(DECIDED, LIFETIME, Set.of()).build();

        assertThat(GrantDocuments.status(grant, DECIDED)).containsEntry("scope", "");
    }

    @Test
    void anApprovedGrantPastItsLifetimeReportsExpiredWithoutTimeLeft() {
        for (Instant now :
                List.of(LIFETIME_ENDS, LIFETIME_ENDS.plusSeconds(1), LIFETIME_ENDS.plus(Duration.ofDays(3)))) {
            Map<String, Object> body = GrantDocuments.status(approved(), now);

            assertThat(body)
                    .as("at %s", now)
                    .containsEntry("status", "EXPIRED")
                    .containsEntry("expires_at", LIFETIME_ENDS.getEpochSecond())
                    .doesNotContainKeys("expires_in", "interval");
        }
    }

    static Stream<Arguments> endedGrants() {
        Instant ended = DECIDED.plusSeconds(30);
        return Stream.of(
                Arguments.of(
                        GrantStatus.DENIED,
                        TestGrant.pending().ended(GrantStatus.DENIED, ended).build(),
                        ended),
                Arguments.of(
                        GrantStatus.EXPIRED,
                        TestGrant.pending()
                                .ended(GrantStatus.EXPIRED, WINDOW_ENDS)
                                .build(),
                        WINDOW_ENDS),
                Arguments.of(
                        GrantStatus.EXPIRED,
                        TestGrant.pending()
                                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                                .ended(GrantStatus.EXPIRED, LIFETIME_ENDS)
                                .build(),
                        LIFETIME_ENDS),
                Arguments.of(
                        GrantStatus.REVOKED,
                        TestGrant.pending()
                                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                                .ended(GrantStatus.REVOKED, ended)
                                .build(),
                        ended),
                Arguments.of(
                        GrantStatus.EXHAUSTED,
                        TestGrant.pending()
                                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                                .uses(10, 10)
                                .ended(GrantStatus.EXHAUSTED, ended)
                                .build(),
                        ended));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endedGrants")
    void anEndedGrantTellsWhenItEndedAndNothingToWaitFor(GrantStatus status, TaskGrant grant, Instant ended) {
        for (Instant now : List.of(ended, ended.plusSeconds(1), LIFETIME_ENDS.plus(Duration.ofDays(1)))) {
            Map<String, Object> body = GrantDocuments.status(grant, now);

            assertThat(body)
                    .as("at %s", now)
                    .containsEntry("status", status.name())
                    .containsEntry("ended_at", ended.getEpochSecond())
                    .doesNotContainKeys("expires_in", "interval");
        }
    }

    @Test
    void theDeniedGrantTellsWhenItWasDecided() {
        Instant ended = DECIDED.plusSeconds(30);
        Map<String, Object> body = GrantDocuments.status(
                TestGrant.pending().ended(GrantStatus.DENIED, ended).build(), ended);

        assertThat(body).containsEntry("decided_at", ended.getEpochSecond()).doesNotContainKey("scope");
    }

    @ParameterizedTest
    @EnumSource(GrantStatus.class)
    void theStatusNeverRevealsWhoApprovedNorTheWorkloadsFacts(GrantStatus status) throws Exception {
        TestGrant grant = TestGrant.pending();
        if (status != GrantStatus.PENDING && status != GrantStatus.DENIED) {
            grant.approved(DECIDED, LIFETIME, Set.of("calendar.read"));
        }
        if (status.isFinal()) {
            grant.ended(status, LIFETIME_ENDS);
        }
        String json = new ObjectMapper().writeValueAsString(GrantDocuments.status(grant.build(), DECIDED));

        assertThat(json).doesNotContain(PRIVATE);
        assertThat(json).contains("\"status\":\"" + status.name() + "\"");
    }

    private static Set<String> ordered(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
