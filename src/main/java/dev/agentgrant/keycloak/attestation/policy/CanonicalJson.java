package dev.agentgrant.keycloak.attestation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.support.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical text of a policy and its version hash. The canonical form follows the JSON Canonicalization Scheme
 * (RFC 8785) for the JSON a valid policy can hold — objects, arrays and strings: members sorted by the UTF-16 code
 * units of their names (§3.2.3), no whitespace, strings escaped only where JSON demands it, with the short escapes
 * and lowercase {@code \}{@code u00xx} otherwise (§3.2.2.2). Two policy texts that differ only in member order,
 * spacing or optional escapes therefore hash alike; any other difference, array order included, changes the hash.
 */
final class CanonicalJson {

    private CanonicalJson() {}

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** base64url (no padding) of SHA-256 over the canonical text's UTF-8 bytes. */
    static String versionHash(String canonical) {
        return Sha256.base64Url(canonical);
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else {
            // A valid policy holds no numbers, booleans or nulls; Jackson's own text keeps this total anyway.
            out.append(node);
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
