package dev.agentgrant.keycloak.grant.audit;

import static dev.agentgrant.keycloak.grant.audit.AuditDetails.MAX_LENGTH;
import static dev.agentgrant.keycloak.grant.audit.AuditDetails.MAX_VALUE_LENGTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Audit details: always one valid JSON object that fits its column, and never cut silently. */
class AuditDetailsTest {

    /** Strict: one object, no repeated names, nothing after it. */
    private static final ObjectReader STRICT = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(JsonNode.class);

    private static final String EMOJI = "\uD83D\uDE00";
    private static final String CONTROL = controlCharacters();

    /** Parses the output after a strict UTF-8 round trip, as the database will store it, and checks the bounds. */
    private static JsonNode checked(String json) {
        assertThat(json.length()).as("characters").isLessThanOrEqualTo(MAX_LENGTH);
        byte[] utf8;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(json));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
        } catch (CharacterCodingException e) {
            throw new AssertionError("not well-formed Unicode (a lone surrogate?): " + e, e);
        }
        try {
            JsonNode node = STRICT.readTree(utf8);
            assertThat(node.isObject()).as("a JSON object").isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + json, e);
        }
    }

    private static boolean isTruncated(JsonNode node) {
        return node.path("truncated").isBoolean() && node.get("truncated").booleanValue();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String controlCharacters() {
        StringBuilder control = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            control.append(c);
        }
        return control.append('\u007F').toString();
    }

    // ---- the ordinary case -------------------------------------------------------------------------------------

    @Test
    void smallDetailsAreWrittenAsIsInTheOrderGiven() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", "policy_refused");
        details.put("agent", "calendar-agent");
        details.put("address", "203.0.113.7");

        assertThat(AuditDetails.toJson(details))
                .isEqualTo("{\"reason\":\"policy_refused\",\"agent\":\"calendar-agent\",\"address\":\"203.0.113.7\"}");
    }

    @Test
    void noDetailsAreAnEmptyObject() {
        assertThat(AuditDetails.toJson(Map.of())).isEqualTo("{}");
    }

    @Test
    void manyEntriesKeepTheirOrder() {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 99; i >= 0; i--) {
            details.put("k" + i, "v" + i);
        }

        JsonNode node = checked(AuditDetails.toJson(details));

        assertThat(names(node)).containsExactlyElementsOf(details.keySet());
        assertThat(isTruncated(node)).isFalse();
    }

    @Test
    void nullNamesAndNullValuesAreSkippedWithoutMarkingTheRecordTruncated() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("first", "1");
        details.put(null, "no name");
        details.put("empty", null);
        details.put("last", "2");

        JsonNode node = checked(AuditDetails.toJson(details));

        assertThat(names(node)).containsExactly("first", "last");
        assertThat(node.toString()).doesNotContain("no name").doesNotContain("null");
    }

    // ---- hostile text ------------------------------------------------------------------------------------------

    static Stream<Arguments> hostileValues() {
        return Stream.of(
                Arguments.of("quotes", "he said \"hi\" and left\""),
                Arguments.of("backslashes", "C:\\temp\\\\x\\"),
                Arguments.of("a closing brace and quote", "\"}, \"truncated\": false, \"x\": {\""),
                Arguments.of("every control character", CONTROL),
                Arguments.of("line and paragraph separators", "a\u2028b\u2029c"),
                Arguments.of("emoji", EMOJI + " ok " + EMOJI),
                Arguments.of("right-to-left override", "abc\u202Edef"),
                Arguments.of("byte order mark", "\uFEFFx"),
                Arguments.of("HTML", "<script>alert('x')</script>"),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileValues")
    void anyTextSurvivesAsNameAndAsValue(String why, String text) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("value", text);
        details.put(text, "name");

        JsonNode node = checked(AuditDetails.toJson(details));

        assertThat(node.get("value").textValue()).isEqualTo(text);
        assertThat(node.get(text).textValue()).isEqualTo("name");
        assertThat(isTruncated(node)).isFalse();
    }

    // ---- long text ---------------------------------------------------------------------------------------------

    @Test
    void aValueUpToTheLimitIsKeptAndALongerOneEndsInAnEllipsis() {
        String longest = "x".repeat(MAX_VALUE_LENGTH);
        String longer = "y".repeat(MAX_VALUE_LENGTH + 1);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("longest", longest);
        details.put("longer", longer);

        JsonNode node = checked(AuditDetails.toJson(details));

        assertThat(node.get("longest").textValue()).isEqualTo(longest);
        assertThat(node.get("longer").textValue())
                .hasSize(MAX_VALUE_LENGTH)
                .startsWith("y".repeat(MAX_VALUE_LENGTH - 1))
                .endsWith("…");
        assertThat(isTruncated(node)).as("a shortened value drops no entry").isFalse();
    }

    @Test
    void aLongNameIsShortenedLikeAValue() {
        String name = "n".repeat(10_000);

        JsonNode node = checked(AuditDetails.toJson(Map.of(name, "v")));

        assertThat(names(node))
                .singleElement()
                .asString()
                .hasSize(MAX_VALUE_LENGTH)
                .endsWith("…");
    }

    @ParameterizedTest(name = "emoji from offset {0}")
    @MethodSource("offsets")
    void shorteningNeverSplitsACharacterInTwo(int offset) {
        String text = "x".repeat(offset) + EMOJI.repeat(MAX_VALUE_LENGTH);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("value", text);
        details.put(text, "name");

        JsonNode node = checked(AuditDetails.toJson(details));

        String value = node.get("value").textValue();
        assertThat(value).endsWith("…").hasSizeLessThanOrEqualTo(MAX_VALUE_LENGTH);
        assertThat(text).startsWith(value.substring(0, value.length() - 1));
    }

    static Stream<Integer> offsets() {
        return Stream.of(0, 1, 2, 3);
    }

    @Test
    void hugeNamesAndValuesStillFit() {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            details.put(i + CONTROL.repeat(10_000), CONTROL.repeat(10_000) + "\"\\" + EMOJI);
        }

        JsonNode node = checked(AuditDetails.toJson(details));

        assertThat(isTruncated(node)).isTrue();
    }

    @Test
    void aSingleEntryTooLargeToFitIsDroppedAndSaysSo() {
        // 512 control characters escape to six characters each: name and value together cannot fit.
        String escaped = "\u0001".repeat(MAX_VALUE_LENGTH);

        JsonNode node = checked(AuditDetails.toJson(Map.of(escaped, escaped)));

        assertThat(names(node)).containsExactly("truncated");
        assertThat(isTruncated(node)).isTrue();
    }

    @Test
    void manyEntriesAreCutAfterTheLastThatFitsAndTheCutIsMarked() {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            details.put("entry-" + i, "value \"" + i + "\"");
        }

        String json = AuditDetails.toJson(details);
        JsonNode node = checked(json);

        List<String> kept = names(node);
        assertThat(kept.get(kept.size() - 1)).isEqualTo("truncated");
        List<String> entries = kept.subList(0, kept.size() - 1);
        assertThat(entries).containsExactlyElementsOf(new ArrayList<>(details.keySet()).subList(0, entries.size()));
        assertThat(entries).hasSizeGreaterThan(50);
        assertThat(isTruncated(node)).isTrue();
        assertThat(json.length()).as("the cut leaves little room unused").isGreaterThan(MAX_LENGTH - 100);
    }

    // ---- the invariants, over many shapes ------------------------------------------------------------------

    @Test
    void anyDetailsGiveValidJsonWithinTheLimitThatKeepsAPrefixAndMarksExactlyTheCutOnes() {
        Random random = new Random(20300101L);
        String[] pieces = {"a", "Z", "0", " ", "\"", "\\", "\n", "\u0000", "\u001F", "é", "€", EMOJI, "\u2028", "…", "/"
        };
        for (int round = 0; round < 2_000; round++) {
            Map<String, String> details = new LinkedHashMap<>();
            int entries = random.nextInt(40);
            for (int i = 0; i < entries; i++) {
                String name = i + ":" + text(random, pieces, random.nextInt(3) == 0 ? 700 : 20);
                String value = random.nextInt(10) == 0 ? null : text(random, pieces, random.nextInt(4) == 0 ? 900 : 60);
                details.put(name, value);
            }

            String json = AuditDetails.toJson(details);
            JsonNode node = checked(json);

            List<String> given = new ArrayList<>();
            details.forEach((name, value) -> {
                if (value != null) {
                    given.add(name);
                }
            });
            List<String> kept = new ArrayList<>(names(node));
            kept.remove("truncated");
            assertThat(kept.size()).as("round %d", round).isLessThanOrEqualTo(given.size());
            for (int i = 0; i < kept.size(); i++) {
                String original = given.get(i);
                String written = kept.get(i);
                assertThat(
                                original.length() > MAX_VALUE_LENGTH
                                        ? original.startsWith(written.substring(0, written.length() - 1))
                                        : original.equals(written))
                        .as("round %d, entry %d kept in order", round, i)
                        .isTrue();
            }
            assertThat(isTruncated(node))
                    .as("round %d: truncated exactly when entries were dropped", round)
                    .isEqualTo(kept.size() < given.size());
        }
    }

    private static String text(Random random, String[] pieces, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(maxPieces + 1);
        for (int i = 0; i < count; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    @Test
    void theStrictCheckCatchesALoneSurrogate() {
        // The check above must be able to fail: a string holding half an emoji is not well-formed Unicode.
        String broken = "{\"v\":\"" + EMOJI.charAt(0) + "\"}";

        assertThatThrownBy(() -> checked(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("surrogate");
    }
}
