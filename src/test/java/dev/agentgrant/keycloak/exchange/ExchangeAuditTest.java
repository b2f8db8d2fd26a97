package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExchangeAuditTest {

    @ParameterizedTest
    @EnumSource(OAuthError.class)
    void nothingIsRecordedBeforeTheAgentIsEstablished(OAuthError error) {
        assertThat(ExchangeAudit.recordsRefusal(false, false, error)).isFalse();
        assertThat(ExchangeAudit.recordsRefusal(false, true, error)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(OAuthError.class)
    void aGrantThatIsNotTheCallersIsNotRecorded(OAuthError error) {
        assertThat(ExchangeAudit.recordsRefusal(true, false, error)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = OAuthError.class,
            names = {"AUTHORIZATION_PENDING", "USE_DPOP_NONCE", "TEMPORARILY_UNAVAILABLE"},
            mode = EnumSource.Mode.EXCLUDE)
    void anEstablishedAgentsRefusalOnItsOwnGrantIsRecorded(OAuthError error) {
        assertThat(ExchangeAudit.recordsRefusal(true, true, error)).isTrue();
    }

    @Test
    void pendingAndNonceChallengesAreNeverRecorded() {
        assertThat(ExchangeAudit.recordsRefusal(true, true, OAuthError.AUTHORIZATION_PENDING))
                .isFalse();
        assertThat(ExchangeAudit.recordsRefusal(true, true, OAuthError.USE_DPOP_NONCE))
                .isFalse();
    }

    @Test
    void anExchangeTheDatabaseCouldNotServeIsNeverRecorded() {
        assertThat(ExchangeAudit.recordsRefusal(true, true, OAuthError.TEMPORARILY_UNAVAILABLE))
                .isFalse();
    }

    @Test
    void aPendingPollIsNoErrorEvent() {
        assertThat(ExchangeAudit.reportsRefusalAsErrorEvent(OAuthError.AUTHORIZATION_PENDING))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = OAuthError.class, names = "AUTHORIZATION_PENDING", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherRefusalStaysAnErrorEvent(OAuthError error) {
        assertThat(ExchangeAudit.reportsRefusalAsErrorEvent(error)).isTrue();
    }
}
