package dev.agentgrant.keycloak.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealmDelegationDepthTest {

    @Test
    void anUnsetRealmLeavesTheAgentsOwnDepth() {
        assertThat(RealmDelegationDepth.effective(2, null)).isEqualTo(2);
        assertThat(RealmDelegationDepth.effective(4, "  ")).isEqualTo(4);
    }

    @Test
    void theRealmCapsEveryAgentButNeverRaisesOne() {
        assertThat(RealmDelegationDepth.effective(4, "1")).isEqualTo(1);
        assertThat(RealmDelegationDepth.effective(2, " 5 ")).isEqualTo(2);
        assertThat(RealmDelegationDepth.effective(3, "0")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6", "-1", "two", "1.5", "01", "9999999999", "2 3"})
    void aValueThatIsNoDepthAllowsNoHandOver(String attribute) {
        assertThat(RealmDelegationDepth.effective(2, attribute)).isZero();
    }
}
