package dev.agentgrant.keycloak.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NoticeSettingTest {

    private static final Map<String, String> SMTP = Map.of("host", "mail.example", "port", "25", "from", "sso@x");

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "true", "TRUE", " True "})
    void unsetOrTrueSendsWhenSmtpIsConfigured(String attribute) {
        assertThat(NoticeSetting.decide(attribute, SMTP)).isEqualTo(NoticeSetting.Verdict.SEND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", " false"})
    void falseSwitchesNoticesOffEvenWithSmtp(String attribute) {
        assertThat(NoticeSetting.decide(attribute, SMTP)).isEqualTo(NoticeSetting.Verdict.SWITCHED_OFF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "no", "0", "yes", "flase"})
    void anyOtherValueReadsAsOffAndSaysSo(String attribute) {
        assertThat(NoticeSetting.decide(attribute, SMTP)).isEqualTo(NoticeSetting.Verdict.UNREADABLE);
    }

    @Test
    void aRealmWithoutHostOrSenderHasNoSmtp() {
        assertThat(NoticeSetting.decide(null, Map.of())).isEqualTo(NoticeSetting.Verdict.NO_SMTP);
        assertThat(NoticeSetting.decide(null, null)).isEqualTo(NoticeSetting.Verdict.NO_SMTP);
        Map<String, String> noSender = new HashMap<>(SMTP);
        noSender.remove("from");
        assertThat(NoticeSetting.decide(null, noSender)).isEqualTo(NoticeSetting.Verdict.NO_SMTP);
        Map<String, String> blankHost = new HashMap<>(SMTP);
        blankHost.put("host", " ");
        assertThat(NoticeSetting.decide("true", blankHost)).isEqualTo(NoticeSetting.Verdict.NO_SMTP);
    }

    @Test
    void switchedOffWinsOverMissingSmtp() {
        assertThat(NoticeSetting.decide("false", Map.of())).isEqualTo(NoticeSetting.Verdict.SWITCHED_OFF);
    }
}
