package dev.agentgrant.keycloak.attestation.intoto;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.io.IOException;

/**
 * Reads untrusted JSON (DSSE envelopes, in-toto statements) under bounds set before a single token is read:
 * a document length, a nesting depth, and name, string and number lengths, so that deeply nested or oversized
 * input fails fast with a typed rejection instead of a StackOverflowError or OOM (RFC 8259 §9 lets a parser set these limits).
 * Duplicate member names are refused (RFC 8259 §4 leaves their meaning open, so two parsers could disagree on
 * which value was signed), as is anything after the one top-level value.
 */
final class StrictJson {

    private static final int MAX_NAME_LENGTH = 1_024;
    private static final int MAX_NUMBER_LENGTH = 64;

    private final ObjectReader reader;
    private final int maxLength;

    StrictJson(int maxLength, int maxDepth) {
        this.maxLength = maxLength;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxLength)
                        .maxNestingDepth(maxDepth)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxStringLength(maxLength)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.reader = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readerFor(JsonNode.class);
    }

    /** @param what names the document in rejection details ("DSSE envelope", "in-toto statement") */
    JsonNode parseObject(String text, String what) throws EvidenceRejected {
        if (text == null || text.isEmpty()) {
            throw new EvidenceRejected("malformed", what + " is empty");
        }
        if (text.length() > maxLength) {
            throw new EvidenceRejected("too_large", what + " of " + text.length() + " characters exceeds " + maxLength);
        }
        JsonNode node;
        try {
            node = reader.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new EvidenceRejected("too_large", what + " exceeds a parsing limit: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new EvidenceRejected("malformed", what + " is not valid JSON (duplicate member names are refused)");
        }
        if (node == null || !node.isObject()) {
            throw new EvidenceRejected("malformed", what + " is not a JSON object");
        }
        return node;
    }
}
