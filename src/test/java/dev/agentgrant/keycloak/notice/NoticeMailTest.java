package dev.agentgrant.keycloak.notice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.support.HumanText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoticeMailTest {

    private static final Notice.Agent BOT = new Notice.Agent("uuid-bot", "release-bot");
    private static final Notice.Agent CAL = new Notice.Agent("uuid-cal", "calendar-agent");

    private static String name(String realmId, Notice.Agent agent) {
        return agent == BOT ? "Release bot" : agent.clientId();
    }

    private static List<NoticeMail.Message> compose(List<Notice> notices) {
        return NoticeMail.compose(notices, NoticeMailTest::name, to -> Locale.ENGLISH);
    }

    private static Notice.GrantEnded revoked(String userId, String grantId, Notice.Agent agent) {
        return new Notice.GrantEnded(
                "r1", userId, Notice.How.REVOKED_BY_ADMIN, grantId, agent, "Task " + grantId, "https://sso/my-grants");
    }

    @Test
    void aWaitingRequestGoesToWhoeverTheHintNamesWithCodeLinksAndPurpose() {
        Notice.RequestWaiting waiting = new Notice.RequestWaiting(
                "r1",
                "alice",
                BOT,
                "Tag release 1.4",
                "BCDF-GHJK",
                "https://sso/realms/r/agent-grant/verify",
                "https://sso/realms/r/agent-grant/verify?user_code=BCDF-GHJK",
                Instant.parse("2026-09-01T12:15:00Z"));

        List<NoticeMail.Message> messages = compose(List.of(waiting));

        assertThat(messages).hasSize(1);
        NoticeMail.Message message = messages.get(0);
        assertThat(message.to()).isEqualTo(new NoticeMail.To("r1", null, "alice"));
        assertThat(message.template()).isEqualTo("agent-grant-request-waiting.ftl");
        assertThat(message.subjectKey()).isEqualTo("agentGrantMailRequestSubject");
        assertThat(message.subjectArguments()).containsExactly("Release bot");
        assertThat(message.attribute())
                .containsEntry("agentName", "Release bot")
                .containsEntry("purpose", "Tag release 1.4")
                .containsEntry("userCode", "BCDF-GHJK")
                .containsEntry("verificationUri", "https://sso/realms/r/agent-grant/verify")
                .containsEntry("verificationUriComplete", "https://sso/realms/r/agent-grant/verify?user_code=BCDF-GHJK")
                .hasEntrySatisfying(
                        "expiresAt",
                        at -> assertThat((String) at).startsWith("Sep 1, 2026").endsWith(" UTC"));
    }

    @Test
    void aUsedUpGrantIsOneMessageToItsPerson() {
        Notice.GrantEnded ended =
                new Notice.GrantEnded("r1", "u1", Notice.How.EXHAUSTED, "g1", CAL, "Read my calendar", null);

        List<NoticeMail.Message> messages = compose(List.of(ended));

        assertThat(messages).singleElement().satisfies(message -> {
            assertThat(message.to()).isEqualTo(new NoticeMail.To("r1", "u1", null));
            assertThat(message.template()).isEqualTo("agent-grant-grant-exhausted.ftl");
            assertThat(message.subjectArguments()).containsExactly("calendar-agent");
            assertThat(message.attribute())
                    .containsEntry("purpose", "Read my calendar")
                    .containsEntry("myGrantsUrl", "");
        });
    }

    @Test
    void revocationsOfOneTransactionAreOneMessagePerPersonListingTheirGrants() {
        List<NoticeMail.Message> messages =
                compose(List.of(revoked("u1", "g1", BOT), revoked("u2", "g2", CAL), revoked("u1", "g3", CAL)));

        assertThat(messages).hasSize(2);
        NoticeMail.Message first = messages.get(0);
        assertThat(first.to().userId()).isEqualTo("u1");
        assertThat(first.subjectKey()).isEqualTo("agentGrantMailRevokedSubject");
        assertThat(first.subjectArguments()).containsExactly(2);
        assertThat(first.attribute()).containsEntry("count", 2).containsEntry("more", 0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> grants =
                (List<Map<String, Object>>) first.attribute().get("grants");
        assertThat(grants)
                .extracting(grant -> grant.get("agentName") + ": " + grant.get("purpose"))
                .containsExactly("Release bot: Task g1", "calendar-agent: Task g3");
        assertThat(messages.get(1).to().userId()).isEqualTo("u2");
        assertThat(messages.get(1).subjectArguments()).containsExactly(1);
    }

    @Test
    void aLongRevocationListNamesTheFirstTwentyAndCountsTheRest() {
        List<Notice> notices = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            notices.add(revoked("u1", "g" + i, BOT));
        }

        NoticeMail.Message message = compose(notices).get(0);

        assertThat((List<?>) message.attribute().get("grants")).hasSize(NoticeMail.MAX_LISTED);
        assertThat(message.attribute()).containsEntry("count", 45).containsEntry("more", 25);
    }

    @Test
    void subjectTextIsOneShortLineWithoutControlCharacters() {
        assertThat(NoticeMail.subjectText("Bot\r\nBcc: victim@example.org")).isEqualTo("Bot Bcc: victim@example.org");
        assertThat(NoticeMail.subjectText("a\u202Eb\u0000c")).isEqualTo("a b c");
        assertThat(NoticeMail.subjectText("x".repeat(100))).hasSize(60).endsWith("…");
    }

    @Test
    void theAgentIsShownByItsClientNameUnlessThatIsUnsetOrAMessageKey() {
        assertThat(HumanText.clientName("Release bot", "release-bot")).isEqualTo("Release bot");
        assertThat(HumanText.clientName(null, "release-bot")).isEqualTo("release-bot");
        assertThat(HumanText.clientName(" ", "release-bot")).isEqualTo("release-bot");
        assertThat(HumanText.clientName("${client_bot}", "release-bot")).isEqualTo("release-bot");
    }
}
