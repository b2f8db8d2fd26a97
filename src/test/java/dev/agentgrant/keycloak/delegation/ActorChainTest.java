package dev.agentgrant.keycloak.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorChainTest {

    private static final ActorChain.Actor ROOT = new ActorChain.Actor("agent-sa", "calendar-agent");
    private static final ActorChain.Actor HELPER = new ActorChain.Actor("helper-sa", "mail-helper");

    @Test
    void theClaimNestsEarlierActorsInsideTheCurrentOneAndReadsBack() {
        ActorChain chain = ActorChain.of(ROOT).handedTo(HELPER);
        Map<String, Object> claim = chain.claim("https://sso.example.com/realms/acme");

        assertThat(claim)
                .containsEntry("sub", "helper-sa")
                .containsEntry("client_id", "mail-helper")
                .containsEntry("iss", "https://sso.example.com/realms/acme")
                .containsEntry("sub_profile", "ai_agent");
        Map<?, ?> inner = (Map<?, ?>) claim.get("act");
        assertThat(inner.get("client_id")).isEqualTo("calendar-agent");
        assertThat(inner.containsKey("act")).isFalse();
        assertThat(ActorChain.read(claim)).contains(chain);
        assertThat(chain.root()).isEqualTo(ROOT);
        assertThat(chain.current()).isEqualTo(HELPER);
        assertThat(chain.hops()).isEqualTo(1);
        assertThat(chain.includes("calendar-agent")).isTrue();
        assertThat(chain.includes("spell-checker")).isFalse();
        assertThat(chain.clientIds()).isEqualTo("calendar-agent mail-helper");
        assertThat(ActorChain.of(ROOT).hops()).isZero();
    }

    @Test
    void aClaimThatIsNoChainThisServerWroteDoesNotRead() {
        assertThat(ActorChain.read(null)).isEmpty();
        assertThat(ActorChain.read("calendar-agent")).isEmpty();
        assertThat(ActorChain.read(Map.of("sub", "agent-sa"))).isEmpty();
        assertThat(ActorChain.read(Map.of("sub", "", "client_id", "calendar-agent")))
                .isEmpty();
        assertThat(ActorChain.read(Map.of("sub", "agent-sa", "client_id", 7))).isEmpty();
        assertThat(ActorChain.read(Map.of("sub", "agent-sa", "client_id", "calendar-agent", "act", List.of())))
                .isEmpty();
    }

    @Test
    void aChainDeeperThanAnyProfileAllowsDoesNotRead() {
        Map<String, Object> act = null;
        for (int i = 0; i < ActorChain.MAX_ACTORS + 1; i++) {
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("sub", "sa-" + i);
            outer.put("client_id", "agent-" + i);
            if (act != null) {
                outer.put("act", act);
            }
            act = outer;
        }
        assertThat(ActorChain.read(act)).isEmpty();
        assertThat(ActorChain.read(act.get("act"))).map(ActorChain::hops).contains(ActorChain.MAX_ACTORS - 1);
    }

    @Test
    void aChainHasAtLeastTheGrantsAgent() {
        assertThatThrownBy(() -> new ActorChain(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
