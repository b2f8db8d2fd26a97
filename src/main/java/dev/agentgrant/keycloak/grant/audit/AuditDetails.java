package dev.agentgrant.keycloak.grant.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The details of an audit record as a JSON object of at most {@link #MAX_LENGTH} characters. Entries are kept in the
 * order given until the next would overflow; long values are shortened first. A record that had to be cut says so
 * ({@code "truncated": true}), so nothing is dropped silently and a flood of refusals cannot grow one row unbounded.
 */
public final class AuditDetails {

    /** The column's size. */
    public static final int MAX_LENGTH = 4_000;
    /** Longest single value kept as is; longer ones end in an ellipsis. */
    static final int MAX_VALUE_LENGTH = 512;

    private static final String TRUNCATED = "truncated";
    /** Room for {@code ,"truncated":true} and the closing brace. */
    private static final int RESERVE = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditDetails() {}

    public static String toJson(Map<String, String> details) {
        ObjectNode object = JSON.createObjectNode();
        int length = 2;
        boolean truncated = false;
        for (Map.Entry<String, String> entry : details.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                continue;
            }
            String value = shortened(entry.getValue());
            int entryLength = write(JSON.createObjectNode().put(shortened(entry.getKey()), value))
                            .length()
                    - 2
                    + 1;
            if (length + entryLength > MAX_LENGTH - RESERVE) {
                truncated = true;
                break;
            }
            object.put(shortened(entry.getKey()), value);
            length += entryLength;
        }
        if (truncated) {
            object.put(TRUNCATED, true);
        }
        return write(object);
    }

    private static String shortened(String value) {
        if (value.length() <= MAX_VALUE_LENGTH) {
            return value;
        }
        int end = MAX_VALUE_LENGTH - 1;
        // Never keep half a surrogate pair: a lone surrogate is not Unicode, and a UTF-8 column would garble it.
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of strings always serializes", e);
        }
    }
}
