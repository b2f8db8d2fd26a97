package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DSSE envelope parsing rules, bounded as RFC 8259 §9 allows. */
class DsseEnvelopeTest {

    private static final String SIG = "{\"keyid\":\"k1\",\"sig\":\"" + "QUJD" + "\"}";

    @Test
    void readsTheSpecificationsExampleEnvelope() throws EvidenceRejected {
        DsseEnvelope envelope = DsseEnvelope.parse(
                "{\"payload\": \"aGVsbG8gd29ybGQ=\",\n \"payloadType\": \"http://example.com/HelloWorld\",\n"
                        + " \"signatures\": [{\"sig\": \"A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==\"}]}");

        assertThat(new String(envelope.payload(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(envelope.payloadType()).isEqualTo("http://example.com/HelloWorld");
        assertThat(envelope.signatures()).hasSize(1);
        assertThat(envelope.signatures().get(0).keyId()).isEmpty();
        assertThat(envelope.signatures().get(0).sig()).hasSize(64);
    }

    @Test
    void acceptsUrlSafeAndUnpaddedBase64() throws EvidenceRejected {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xfe, 1};
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThat(urlSafe).contains("-").contains("_");

        DsseEnvelope envelope = DsseEnvelope.parse("{\"payload\":\"" + urlSafe
                + "\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"" + urlSafe + "\"}]}");

        assertThat(envelope.payload()).isEqualTo(bytes);
        assertThat(envelope.signatures().get(0).sig()).isEqualTo(bytes);
    }

    @Test
    void anEmptyKeyIdIsTheSameAsNone() throws EvidenceRejected {
        DsseEnvelope envelope = DsseEnvelope.parse(
                "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"\"}]}");

        assertThat(envelope.signatures().get(0).keyId()).isEmpty();
        assertThat(envelope.payload()).isEmpty();
    }

    @Test
    void unrecognizedMembersAreIgnoredAsTheSpecificationRequires() throws EvidenceRejected {
        DsseEnvelope envelope = DsseEnvelope.parse("{\"payload\":\"QUJD\",\"payloadType\":\"t\",\"x\":{\"y\":[1]},"
                + "\"signatures\":[{\"sig\":\"QUJD\",\"extension\":{\"kind\":\"k\"}}]}");

        assertThat(envelope.payload()).isEqualTo("ABC".getBytes(StandardCharsets.US_ASCII));
    }

    record Case(String name, String reason, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> rejections() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty text", "malformed", ""));
        cases.add(new Case("a JSON array", "malformed", "[" + SIG + "]"));
        cases.add(new Case("a JSON string", "malformed", "\"x\""));
        cases.add(new Case("not JSON", "malformed", "payload=QUJD"));
        cases.add(new Case("trailing content", "malformed", envelope("QUJD", "t", SIG) + "{}"));
        cases.add(new Case(
                "duplicate payload member",
                "malformed",
                "{\"payload\":\"QUJD\",\"payload\":\"REVG\",\"payloadType\":\"t\",\"signatures\":[" + SIG + "]}"));
        cases.add(new Case(
                "duplicate sig member",
                "malformed",
                "{\"payload\":\"QUJD\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"QUJD\",\"sig\":\"REVG\"}]}"));
        cases.add(new Case("payload missing", "malformed", "{\"payloadType\":\"t\",\"signatures\":[" + SIG + "]}"));
        cases.add(new Case("payloadType missing", "malformed", "{\"payload\":\"QUJD\",\"signatures\":[" + SIG + "]}"));
        cases.add(new Case(
                "payloadType a number",
                "malformed",
                "{\"payload\":\"QUJD\",\"payloadType\":1,\"signatures\":[" + SIG + "]}"));
        cases.add(new Case("signatures missing", "malformed", "{\"payload\":\"QUJD\",\"payloadType\":\"t\"}"));
        cases.add(new Case(
                "signatures an object",
                "malformed",
                "{\"payload\":\"QUJD\",\"payloadType\":\"t\",\"signatures\":" + SIG + "}"));
        cases.add(new Case("signatures empty", "no_signatures", envelope("QUJD", "t", "")));
        cases.add(new Case("a signature that is a string", "malformed", envelope("QUJD", "t", "\"QUJD\"")));
        cases.add(new Case("sig missing", "malformed", envelope("QUJD", "t", "{\"keyid\":\"k\"}")));
        cases.add(new Case("keyid a number", "malformed", envelope("QUJD", "t", "{\"keyid\":7,\"sig\":\"QUJD\"}")));
        cases.add(new Case(
                "keyid with a space", "malformed", envelope("QUJD", "t", "{\"keyid\":\"a b\",\"sig\":\"QUJD\"}")));
        cases.add(new Case("payload with whitespace", "malformed", envelope("QU JD", "t", SIG)));
        cases.add(new Case("payload mixing both base64 alphabets", "malformed", envelope("+_AB", "t", SIG)));
        cases.add(new Case("payload of impossible length", "malformed", envelope("QUJDR", "t", SIG)));
        cases.add(new Case("payload with padding inside", "malformed", envelope("QU==QUJD", "t", SIG)));
        cases.add(new Case("payload with non-zero unused bits", "malformed", envelope("aGVsbG8gd29ybGR=", "t", SIG)));
        cases.add(new Case("unpadded payload with non-zero unused bits", "malformed", envelope("QUJDRC", "t", SIG)));
        cases.add(new Case("sig not base64", "malformed", envelope("QUJD", "t", "{\"sig\":\"%%%%\"}")));
        cases.add(new Case(
                "17 signatures",
                "too_many_signatures",
                envelope("QUJD", "t", String.join(",", Collections.nCopies(17, SIG)))));
        cases.add(new Case(
                "1 000 signatures",
                "too_many_signatures",
                envelope("QUJD", "t", String.join(",", Collections.nCopies(1000, SIG)))));
        cases.add(new Case(
                "payload over 64 KiB",
                "too_large",
                envelope(Base64.getEncoder().encodeToString(new byte[65_537]), "t", SIG)));
        cases.add(new Case(
                "sig over 1 KiB",
                "too_large",
                envelope("QUJD", "t", "{\"sig\":\"" + Base64.getEncoder().encodeToString(new byte[1_025]) + "\"}")));
        cases.add(new Case(
                "envelope over 128 KiB",
                "too_large",
                envelope("QUJD", "t", SIG)
                        .replace("{\"payload\"", "{\"pad\":\"" + "x".repeat(131_072) + "\",\"payload\"")));
        cases.add(new Case(
                "10 000 nested arrays", "too_large", "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
        cases.add(new Case(
                "nesting beyond the envelope's depth in an ignored member",
                "too_large",
                envelope("QUJD", "t", SIG).replace("{\"payload\"", "{\"x\":[[[[[[[[[]]]]]]]]],\"payload\"")));
        return cases.stream();
    }

    private static String envelope(String payload, String payloadType, String signatures) {
        return "{\"payload\":\"" + payload + "\",\"payloadType\":\"" + payloadType + "\",\"signatures\":[" + signatures
                + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(Case c) {
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, () -> DsseEnvelope.parse(c.json()));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }
}
