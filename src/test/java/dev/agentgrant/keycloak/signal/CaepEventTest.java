package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaepEventTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aGrantThatEndedIsASessionRevokedEventNamingWhoAndWhy() {
        CaepEvent event = CaepEvent.sessionRevoked(AT, CaepEvent.Initiator.ADMIN, "revoked_by_admin");

        assertThat(event.type().uri()).isEqualTo("https://schemas.openid.net/secevent/caep/event-type/session-revoked");
        assertThat(event.members())
                .containsExactly(
                        Map.entry("event_timestamp", AT.getEpochSecond()),
                        Map.entry("initiating_entity", "admin"),
                        Map.entry("reason_admin", Map.of("en", "revoked_by_admin")));
    }

    @ParameterizedTest
    @CsvSource({"PERSON, user", "ADMIN, admin", "AGENT, system", "SYSTEM, policy"})
    void initiatorsAreCaepInitiatingEntities(CaepEvent.Initiator initiator, String wire) {
        assertThat(CaepEvent.sessionRevoked(AT, initiator, "x").members()).containsEntry("initiating_entity", wire);
    }

    @Test
    void anAgentSuspendedIsATokenClaimsChangeWithTheSuspensionClaim() {
        CaepEvent event = CaepEvent.standingChanged(AT, AgentStanding.USABLE, new AgentStanding(true, true))
                .orElseThrow();

        assertThat(event.type().uri())
                .isEqualTo("https://schemas.openid.net/secevent/caep/event-type/token-claims-change");
        assertThat(event.members())
                .containsExactly(
                        Map.entry("event_timestamp", AT.getEpochSecond()),
                        Map.entry("initiating_entity", "admin"),
                        Map.entry("claims", Map.of("agent_grant_agent_suspended", true)),
                        Map.entry("reason_admin", Map.of("en", "agent_suspended")));
    }

    @Test
    void anAgentResumedSaysSoWithFalse() {
        CaepEvent event = CaepEvent.standingChanged(AT, new AgentStanding(true, true), AgentStanding.USABLE)
                .orElseThrow();

        assertThat(event.members())
                .containsEntry("claims", Map.of("agent_grant_agent_suspended", false))
                .containsEntry("reason_admin", Map.of("en", "agent_resumed"));
    }

    @Test
    void aDisabledClientIsItsOwnClaim() {
        CaepEvent disabled = CaepEvent.standingChanged(AT, AgentStanding.USABLE, new AgentStanding(false, false))
                .orElseThrow();
        CaepEvent enabled = CaepEvent.standingChanged(AT, new AgentStanding(false, false), AgentStanding.USABLE)
                .orElseThrow();

        assertThat(disabled.members())
                .containsEntry("claims", Map.of("agent_grant_agent_disabled", true))
                .containsEntry("reason_admin", Map.of("en", "agent_disabled"));
        assertThat(enabled.members())
                .containsEntry("claims", Map.of("agent_grant_agent_disabled", false))
                .containsEntry("reason_admin", Map.of("en", "agent_enabled"));
    }

    @Test
    void bothChangedAtOnceAreOneEventWithBothClaims() {
        CaepEvent event = CaepEvent.standingChanged(AT, AgentStanding.USABLE, new AgentStanding(false, true))
                .orElseThrow();

        assertThat(event.members())
                .containsEntry(
                        "claims", Map.of("agent_grant_agent_suspended", true, "agent_grant_agent_disabled", true))
                .containsEntry("reason_admin", Map.of("en", "agent_suspended agent_disabled"));
    }

    @Test
    void noChangeIsNoEvent() {
        assertThat(CaepEvent.standingChanged(AT, AgentStanding.USABLE, AgentStanding.USABLE))
                .isEmpty();
        AgentStanding off = new AgentStanding(false, true);
        assertThat(CaepEvent.standingChanged(AT, off, new AgentStanding(false, true)))
                .isEmpty();
    }

    @Test
    void typesAreStoredByShortNameAndReadBack() {
        for (CaepEvent.Type type : CaepEvent.Type.values()) {
            assertThat(CaepEvent.Type.byShortName(type.shortName())).contains(type);
            assertThat(type.uri()).endsWith("/" + type.shortName());
        }
        assertThat(CaepEvent.Type.byShortName("credential-change")).isEmpty();
    }

    @Test
    void aGrantEndCarriesItsEvent() {
        GrantEnd end = new GrantEnd(
                "realm",
                "grant",
                "calendar",
                java.util.Optional.of("user"),
                CaepEvent.Initiator.SYSTEM,
                "max_uses_reached",
                AT);

        assertThat(end.event()).isEqualTo(CaepEvent.sessionRevoked(AT, CaepEvent.Initiator.SYSTEM, "max_uses_reached"));
    }
}
