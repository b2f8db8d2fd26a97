package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushVerdictTest {

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {202, 200, 204})
    void twoHundredsAreDelivered(int status) {
        assertThat(PushVerdict.ofAnswer(status, new byte[0])).isEqualTo(new PushVerdict.Delivered(status));
    }

    @Test
    void aFourHundredIsARefusalOfThisSetWithTheReceiversReason() {
        PushVerdict verdict =
                PushVerdict.ofAnswer(400, body("{\"err\":\"invalid_key\",\"description\":\"Key ID is not valid\"}"));

        assertThat(verdict)
                .isEqualTo(new PushVerdict.Refused(
                        400, "the receiver refused the SET (HTTP 400: invalid_key — Key ID is not valid)"));
    }

    @Test
    void aFourHundredWithoutAnRfc8935BodyIsStillARefusal() {
        assertThat(PushVerdict.ofAnswer(400, body("<html>bad</html>")))
                .isEqualTo(new PushVerdict.Refused(400, "the receiver refused the SET (HTTP 400)"));
        assertThat(PushVerdict.ofAnswer(400, body("{\"error\":\"x\"}")))
                .isEqualTo(new PushVerdict.Refused(400, "the receiver refused the SET (HTTP 400)"));
        assertThat(PushVerdict.ofAnswer(400, new byte[0])).isInstanceOf(PushVerdict.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 408, 413, 429, 500, 502, 503})
    void otherStatusesAreFailuresThatMayPass(int status) {
        assertThat(PushVerdict.ofAnswer(status, body("{\"err\":\"x\"}")))
                .isEqualTo(new PushVerdict.Failed(Optional.of(status), "HTTP " + status));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void redirectsAreNotFollowedAndSaySo(int status) {
        assertThat(PushVerdict.ofAnswer(status, new byte[0]))
                .isInstanceOfSatisfying(
                        PushVerdict.Failed.class,
                        failed -> assertThat(failed.detail()).contains("redirects are not followed"));
    }

    @Test
    void noAnswerIsAFailureWithoutStatus() {
        assertThat(PushVerdict.ofNoAnswer("connection refused"))
                .isEqualTo(new PushVerdict.Failed(Optional.empty(), "connection refused"));
    }

    @Test
    void aReceiversTextIsKeptShortAndOnOneLine() {
        String description = "line1\r\nline2\u0000" + "x".repeat(1000);
        PushVerdict verdict = PushVerdict.ofAnswer(
                400,
                body("{\"err\":\"invalid_request\",\"description\":\""
                        + description.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\u0000") + "\"}"));

        String detail = ((PushVerdict.Refused) verdict).detail();
        assertThat(detail).doesNotContain("\r", "\n", "\u0000").contains("line1  line2");
        assertThat(detail.length()).isLessThan(PushVerdict.MAX_DETAIL + 50);
    }

    @Test
    void aCutNeverSplitsACharacterInTwo() {
        String emoji = "\ud83d\ude00";
        String shown = PushVerdict.shown("a".repeat(PushVerdict.MAX_DETAIL - 2) + emoji + "tail");

        assertThat(shown).endsWith("a…");
        assertThat(shown.length()).isLessThanOrEqualTo(PushVerdict.MAX_DETAIL);
    }
}
