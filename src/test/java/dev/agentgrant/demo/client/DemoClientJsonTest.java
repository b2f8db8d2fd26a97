package dev.agentgrant.demo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo tools' JSON on Jackson: the reading and writing their files, answers and printed reports rely on. */
class DemoClientJsonTest {

    @Test
    void objectsKeepTheirMemberOrderAndWholeNumbersAreLongs() {
        Object parsed = Json.parse("{\"z\":1,\"a\":[true,null,\"x\"],\"m\":2.5,\"big\":12345678901}");

        Map<String, Object> object = Json.object(parsed, "the test object");
        assertThat(object.keySet()).containsExactly("z", "a", "m", "big");
        assertThat(object.get("z")).isEqualTo(1L);
        assertThat(object.get("big")).isEqualTo(12_345_678_901L);
        assertThat(object.get("m")).isEqualTo(new BigDecimal("2.5"));
        assertThat(object.get("a")).isEqualTo(Arrays.asList(true, null, "x"));
        assertThat(Json.compact(parsed)).isEqualTo("{\"z\":1,\"a\":[true,null,\"x\"],\"m\":2.5,\"big\":12345678901}");
    }

    @Test
    void aMemberNameTwiceTrailingDataAndNoValueAreRefused() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("invalid JSON")
                .hasMessageContaining("a");
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).isInstanceOf(ToolFailure.class);
        assertThatThrownBy(() -> Json.parse("  "))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("invalid JSON: no value");
        assertThatThrownBy(() -> Json.object(List.of(), "the answer"))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("the answer is not a JSON object");
    }

    @Test
    void prettyIndentsByTwoSpacesWithTheSpacingTheWalkthroughShows() {
        Map<String, Object> value = Json.map(
                "message",
                "ok",
                "act",
                Json.map("sub", "s"),
                "sources",
                List.of("spire", "k8s"),
                "empty",
                Map.of(),
                "none",
                List.of());

        assertThat(Json.pretty(value)).isEqualTo("""
                {
                  "message": "ok",
                  "act": {
                    "sub": "s"
                  },
                  "sources": [
                    "spire",
                    "k8s"
                  ],
                  "empty": {},
                  "none": []
                }
                """);
    }

    @Test
    void formsAndBasicCredentialsAreEncodedAsRfc6749Says() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("a b", "c&d");
        form.put("e", "=");
        assertThat(Forms.body(form)).isEqualTo("a+b=c%26d&e=%3D");
        assertThat(Forms.segment("agent grant")).isEqualTo("agent%20grant");
        // RFC 6749 §2.3.1: id and secret form-encoded before Base64.
        assertThat(Forms.basic("demo agent", "s:cret")).isEqualTo("Basic ZGVtbythZ2VudDpzJTNBY3JldA==");
    }
}
