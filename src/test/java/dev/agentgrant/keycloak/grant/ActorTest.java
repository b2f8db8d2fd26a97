package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.ColumnLimits;
import org.junit.jupiter.api.Test;

class ActorTest {

    private static final String ID = "5f0c3a52-3f0e-4a56-9d4e-2d1b7c1e9a10";

    @Test
    void anAgentIsNamedByItsClientId() {
        assertThat(Actor.agent("demo-agent", ID, null).endedBy()).isEqualTo("agent:demo-agent");
    }

    @Test
    void aClientIdThatFillsTheColumnWithItsPrefixStillFits() {
        String longest = "a".repeat(ColumnLimits.ENDED_BY - "agent:".length());
        assertThat(Actor.agent(longest, ID, null).endedBy())
                .isEqualTo("agent:" + longest)
                .hasSize(ColumnLimits.ENDED_BY);
    }

    @Test
    void aLongerClientIdIsReplacedByTheInternalId() {
        String tooLong = "\uD83D\uDE00".repeat(125);
        assertThat(Actor.agent(tooLong, ID, null).endedBy()).isEqualTo("agent-id:" + ID);
    }
}
