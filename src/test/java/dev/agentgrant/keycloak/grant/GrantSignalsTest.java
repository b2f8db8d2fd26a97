package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.signal.CaepEvent;
import org.junit.jupiter.api.Test;

class GrantSignalsTest {

    /** Who ended a grant, as its audit record names them, becomes CAEP's initiating entity. */
    @Test
    void everyKindOfActorHasItsInitiator() {
        assertThat(GrantSignals.initiator(Actor.Kind.USER)).isEqualTo(CaepEvent.Initiator.PERSON);
        assertThat(GrantSignals.initiator(Actor.Kind.ADMIN)).isEqualTo(CaepEvent.Initiator.ADMIN);
        assertThat(GrantSignals.initiator(Actor.Kind.AGENT)).isEqualTo(CaepEvent.Initiator.AGENT);
        assertThat(GrantSignals.initiator(Actor.Kind.SYSTEM)).isEqualTo(CaepEvent.Initiator.SYSTEM);
    }
}
