package dev.agentgrant.keycloak.notice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuietLogTest {

    @Test
    void aReasonIsNewsOncePerRealmUntilItGoesAwayOrChanges() {
        QuietLog log = new QuietLog();

        assertThat(log.isNews("r1", NoticeSetting.Verdict.NO_SMTP)).isTrue();
        assertThat(log.isNews("r1", NoticeSetting.Verdict.NO_SMTP)).isFalse();
        assertThat(log.isNews("r2", NoticeSetting.Verdict.NO_SMTP)).isTrue();
        assertThat(log.isNews("r1", NoticeSetting.Verdict.SWITCHED_OFF)).isTrue();
        assertThat(log.isNews("r1", NoticeSetting.Verdict.SEND)).isFalse();
        assertThat(log.isNews("r1", NoticeSetting.Verdict.SWITCHED_OFF)).isTrue();
    }

    @Test
    void sendingIsNeverNews() {
        QuietLog log = new QuietLog();

        assertThat(log.isNews("r1", NoticeSetting.Verdict.SEND)).isFalse();
        assertThat(log.isNews("r1", NoticeSetting.Verdict.SEND)).isFalse();
    }
}
