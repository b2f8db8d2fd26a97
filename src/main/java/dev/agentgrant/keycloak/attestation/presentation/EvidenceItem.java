package dev.agentgrant.keycloak.attestation.presentation;

import java.util.Locale;
import java.util.Optional;

/**
 * One {@code evidence} entry of a presentation: which attestation source must verify it, in which format, and
 * the evidence itself ({@code value}: a compact JWT, a DSSE envelope as JSON text, or a registered digest).
 */
public record EvidenceItem(String source, Format format, String value) {

    /** The formats of the wire contract. */
    public enum Format {
        JWT("jwt"),
        DSSE("dsse"),
        DIGEST_REF("digest-ref");

        private final String wireName;

        Format(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Format> byWireName(String name) {
            for (Format format : values()) {
                if (format.wireName.equals(name)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return wireName.toLowerCase(Locale.ROOT);
        }
    }
}
