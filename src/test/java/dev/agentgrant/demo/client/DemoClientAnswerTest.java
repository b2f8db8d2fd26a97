package dev.agentgrant.demo.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an HTTP answer is read and described in the tools' messages (RFC 6749 §5.2 errors, Keycloak's errorMessage). */
class DemoClientAnswerTest {

    @Test
    void anOAuthErrorIsDescribedByItsCodeAndDescription() {
        Answer answer = new Answer(
                400, "{\"error\":\"invalid_grant\",\"error_description\":\"The task grant was revoked\"}", null);

        assertThat(answer.error()).isEqualTo("invalid_grant");
        assertThat(answer.describe()).isEqualTo("invalid_grant (The task grant was revoked)");
        assertThat(answer.problem()).isEqualTo("HTTP 400: The task grant was revoked");
    }

    @Test
    void keycloaksAdminErrorMessageComesFirst() {
        Answer answer = new Answer(409, "{\"errorMessage\":\"already registered\",\"error\":\"conflict\"}", null);

        assertThat(answer.problem()).isEqualTo("HTTP 409: already registered");
    }

    @Test
    void aBodyThatIsNoJsonIsShownAsItIsAndShortened() {
        Answer html = new Answer(502, "<html>" + "x".repeat(400) + "</html>", null);
        Answer empty = new Answer(500, "", null);
        Answer plain = new Answer(200, "{\"active\":true}", null);

        assertThat(html.json()).isNull();
        assertThat(html.describe()).hasSize(301).endsWith("…");
        assertThat(empty.describe()).isEqualTo("(no body)");
        assertThat(empty.problem()).isEqualTo("HTTP 500: (no body)");
        assertThat(plain.describe()).isEqualTo("(an answer without error)");
        assertThat(plain.object().get("active")).isEqualTo(true);
    }
}
