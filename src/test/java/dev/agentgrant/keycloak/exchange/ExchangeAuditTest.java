package dev.agentgrant.keycloak.exchange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeAuditTest {

    @ParameterizedTest
    @EnumSource(ExchangeError.class)
    void nothingIsRecordedBeforeTheAgentIsEstablished(ExchangeError error) {
        assertThat(ExchangeAudit.recordsRefusal(false, false, error)).isFalse();
        assertThat(ExchangeAudit.recordsRefusal(false, true, error)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ExchangeError.class)
    void aGrantThatIsNotTheCallersIsNotRecorded(ExchangeError error) {
        assertThat(ExchangeAudit.recordsRefusal(true, false, error)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ExchangeError.class, names = {"AUTHORIZATION_PENDING", "USE_DPOP_NONCE"}, mode = EnumSource.Mode.EXCLUDE)
    void anEstablishedAgentsRefusalOnItsOwnGrantIsRecorded(ExchangeError error) {
        assertThat(ExchangeAudit.recordsRefusal(true, true, error)).isTrue();
    }

    @Test
    void pendingAndNonceChallengesAreNeverRecorded() {
        assertThat(ExchangeAudit.recordsRefusal(true, true, ExchangeError.AUTHORIZATION_PENDING)).isFalse();
        assertThat(ExchangeAudit.recordsRefusal(true, true, ExchangeError.USE_DPOP_NONCE)).isFalse();
    }
}
