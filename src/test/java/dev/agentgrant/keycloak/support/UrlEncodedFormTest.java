package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlEncodedFormTest {

    private static final int LIMIT = 1024;

    private static Map<String, List<String>> parse(String body) throws UrlEncodedForm.Malformed {
        return UrlEncodedForm.parse(body.getBytes(StandardCharsets.ISO_8859_1), LIMIT)
                .parameters();
    }

    @Test
    void readsNamesAndValuesInOrder() throws Exception {
        assertThat(parse("b=2&a=1&c="))
                .containsExactly(
                        Map.entry("b", List.of("2")), Map.entry("a", List.of("1")), Map.entry("c", List.of("")));
    }

    @Test
    void plusIsASpaceAndAnEncodedPlusIsAPlus() throws Exception {
        assertThat(parse("scope=a+b&x=%2B"))
                .containsEntry("scope", List.of("a b"))
                .containsEntry("x", List.of("+"));
    }

    @Test
    void splitsAtTheFirstEqualsSignOnly() throws Exception {
        assertThat(parse("a=b=c")).containsEntry("a", List.of("b=c"));
    }

    @Test
    void aNameWithoutEqualsSignHasAnEmptyValue() throws Exception {
        assertThat(parse("flag")).containsEntry("flag", List.of(""));
    }

    @Test
    void emptySequencesAreSkipped() throws Exception {
        assertThat(parse("&&a=1&&")).containsExactly(Map.entry("a", List.of("1")));
        assertThat(UrlEncodedForm.parse(new byte[0], LIMIT).isEmpty()).isTrue();
    }

    @Test
    void decodesUtf8IncludingSupplementaryCharacters() throws Exception {
        assertThat(parse("p=%F0%9F%98%80%C3%A9%e2%82%ac")).containsEntry("p", List.of("\uD83D\uDE00é€"));
    }

    @Test
    void rawUtf8BytesAreDecodedToo() throws Exception {
        assertThat(UrlEncodedForm.parse("p=é".getBytes(StandardCharsets.UTF_8), LIMIT)
                        .parameters())
                .containsEntry("p", List.of("é"));
    }

    @Test
    void keepsRepeatedParametersAndNamesThem() throws Exception {
        UrlEncodedForm form =
                UrlEncodedForm.parse("scope=a&x=1&scope=b&x=2&y=3".getBytes(StandardCharsets.US_ASCII), LIMIT);
        assertThat(form.parameters()).containsEntry("scope", List.of("a", "b"));
        assertThat(form.repeated()).containsExactly("scope", "x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scope=%zz", "purpose=%", "a=%F", "a%zz=1", "a=%%41", "a=%4", "a=%G0", "%=1", "a=1&b=%x1"})
    void refusesMalformedPercentEncoding(String body) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(
                        UrlEncodedForm.Malformed.class,
                        malformed -> assertThat(malformed.reason()).isEqualTo("malformed_percent_encoding"));
    }

    @ParameterizedTest
    @CsvSource({
        "purpose=%FF%FE, invalid bytes",
        "purpose=%C0%AF, overlong encoding of '/'",
        "purpose=%ED%A0%80, encoded surrogate",
        "purpose=%80, stray continuation byte",
        "purpose=%E2%82, truncated sequence",
        "purpose=%F4%90%80%80, beyond U+10FFFF",
        "%FF=1, in a name"
    })
    void refusesBytesThatAreNotUtf8(String body, String what) {
        assertThatThrownBy(() -> parse(body))
                .as(what)
                .isInstanceOfSatisfying(
                        UrlEncodedForm.Malformed.class,
                        malformed -> assertThat(malformed.reason()).isEqualTo("invalid_utf8"));
    }

    @Test
    void refusesRawBytesThatAreNotUtf8() {
        byte[] body = {'a', '=', (byte) 0xC3};
        assertThatThrownBy(() -> UrlEncodedForm.parse(body, LIMIT))
                .isInstanceOfSatisfying(
                        UrlEncodedForm.Malformed.class,
                        malformed -> assertThat(malformed.reason()).isEqualTo("invalid_utf8"));
    }

    @Test
    void refusesABodyOverTheLimitAndAcceptsOneAtIt() throws Exception {
        byte[] atLimit = ("a=" + "x".repeat(LIMIT - 2)).getBytes(StandardCharsets.US_ASCII);
        assertThat(UrlEncodedForm.parse(atLimit, LIMIT).parameters().get("a").get(0))
                .hasSize(LIMIT - 2);
        byte[] over = ("a=" + "x".repeat(LIMIT - 1)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> UrlEncodedForm.parse(over, LIMIT))
                .isInstanceOfSatisfying(
                        UrlEncodedForm.Malformed.class,
                        malformed -> assertThat(malformed.reason()).isEqualTo("too_large"));
    }

    @Test
    void refusesTooManyParameters() throws Exception {
        String atLimit = "a=1&".repeat(UrlEncodedForm.MAX_PARAMETERS);
        assertThat(UrlEncodedForm.parse(atLimit.getBytes(StandardCharsets.US_ASCII), 100_000)
                        .parameters()
                        .get("a"))
                .hasSize(UrlEncodedForm.MAX_PARAMETERS);
        String over = atLimit + "a=1";
        assertThatThrownBy(() -> UrlEncodedForm.parse(over.getBytes(StandardCharsets.US_ASCII), 100_000))
                .isInstanceOfSatisfying(
                        UrlEncodedForm.Malformed.class,
                        malformed -> assertThat(malformed.reason()).isEqualTo("too_many_parameters"));
    }

    @Test
    void readsAQueryLikeAForm() throws Exception {
        assertThat(UrlEncodedForm.parseQuery("user_code=ABCD-EFGH&x=a+b", LIMIT).parameters())
                .containsEntry("user_code", List.of("ABCD-EFGH"))
                .containsEntry("x", List.of("a b"));
        assertThat(UrlEncodedForm.parseQuery(null, LIMIT).isEmpty()).isTrue();
        assertThat(UrlEncodedForm.parseQuery("", LIMIT).isEmpty()).isTrue();
    }

    @Test
    void refusesAMalformedQuery() {
        assertThatThrownBy(() -> UrlEncodedForm.parseQuery("user_code=%zz", LIMIT))
                .isInstanceOf(UrlEncodedForm.Malformed.class);
        assertThatThrownBy(() -> UrlEncodedForm.parseQuery("user_code=%FF%FE", LIMIT))
                .isInstanceOf(UrlEncodedForm.Malformed.class);
        assertThatThrownBy(() -> UrlEncodedForm.parseQuery("user_code=é", LIMIT))
                .isInstanceOfSatisfying(
                        UrlEncodedForm.Malformed.class,
                        malformed -> assertThat(malformed.reason()).isEqualTo("invalid_query"));
    }

    @Test
    void tellsWellFormedUtf8FromEverythingElse() {
        assertThat(UrlEncodedForm.isUtf8("{\"a\":\"\ud83d\ude00é\"}".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(UrlEncodedForm.isUtf8(new byte[0])).isTrue();
        assertThat(UrlEncodedForm.isUtf8(new byte[] {(byte) 0xFF, (byte) 0xFE})).isFalse();
        assertThat(UrlEncodedForm.isUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF})).isFalse();
        assertThat(UrlEncodedForm.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .isFalse();
    }
}
