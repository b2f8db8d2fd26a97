package dev.agentgrant.keycloak.attestation.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state of a source's trust material as an admin page shows it (docs/attestation.md, "Source status"): where
 * the keys come from, which keys are held now, and — for keys fetched by URL — when they were fetched, when a fetch
 * was last tried and why it last failed.
 *
 * @param origin {@link #INLINE} for keys configured on the source, {@link #URL} for keys fetched by URL
 * @param keyIds the {@code kid}s of the keys held now (a key without one shows as an empty string)
 */
public record TrustStatus(
        String origin,
        List<String> keyIds,
        Optional<Instant> fetchedAt,
        Optional<Instant> lastAttempt,
        Optional<String> lastFailure) {

    public static final String INLINE = "inline";
    public static final String URL = "url";

    public TrustStatus {
        keyIds = List.copyOf(keyIds);
    }
}
