package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * DSSE envelope parsing (DSSE envelope v1.0, "Parsing rules"): any text is an envelope within the bounds of
 * {@link DsseEnvelope} or an {@link EvidenceRejected}. An accepted envelope written out again reads back to the same
 * payload type, payload and signatures.
 */
class DsseEnvelopeFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest
    void envelope(byte[] input) throws Exception {
        DsseEnvelope envelope;
        try {
            envelope = DsseEnvelope.parse(new String(input, StandardCharsets.UTF_8));
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return;
        }
        assertThat(envelope.payload()).hasSizeLessThanOrEqualTo(DsseEnvelope.MAX_PAYLOAD_BYTES);
        assertThat(envelope.signatures()).hasSizeBetween(1, DsseEnvelope.MAX_SIGNATURES);

        DsseEnvelope again = DsseEnvelope.parse(write(envelope));
        assertThat(again.payloadType()).isEqualTo(envelope.payloadType());
        assertThat(again.payload()).isEqualTo(envelope.payload());
        assertThat(again.signatures()).hasSameSizeAs(envelope.signatures());
        for (int i = 0; i < envelope.signatures().size(); i++) {
            assertThat(again.signatures().get(i).sig())
                    .isEqualTo(envelope.signatures().get(i).sig());
            assertThat(again.signatures().get(i).keyId())
                    .isEqualTo(envelope.signatures().get(i).keyId());
        }
    }

    private static String write(DsseEnvelope envelope) throws Exception {
        ObjectNode json = JSON.createObjectNode();
        json.put("payloadType", envelope.payloadType());
        json.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
        ArrayNode signatures = json.putArray("signatures");
        for (DsseEnvelope.Signature signature : envelope.signatures()) {
            ObjectNode entry = signatures.addObject();
            signature.keyId().ifPresent(keyId -> entry.put("keyid", keyId));
            entry.put("sig", Base64.getEncoder().encodeToString(signature.sig()));
        }
        return JSON.writeValueAsString(json);
    }
}
