package dev.agentgrant.keycloak.attestation.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * The state of a source's trust material as the server holds it now, for the admin console
 * ({@code GET …/agent-grant/attestation/sources}). Only what the source really keeps: a source whose keys are part of
 * its configuration has nothing to fetch, so no fetch times.
 *
 * @param origin where the keys come from
 * @param keys how many keys the source verifies with now; empty when it has none yet (never fetched)
 * @param fetchedAt when the keys in use were fetched (fetched material only)
 * @param lastAttempt when a fetch was last tried, successful or not (fetched material only)
 * @param lastError why the last fetch failed; empty when it succeeded or none was tried
 * @param usableUntil when the keys in use stop being used if no fetch succeeds before (fetched material only)
 */
public record TrustStatus(
        Origin origin,
        Optional<Integer> keys,
        Optional<Instant> fetchedAt,
        Optional<Instant> lastAttempt,
        Optional<String> lastError,
        Optional<Instant> usableUntil) {

    /** Where a source's trust material comes from. */
    public enum Origin {
        /** Configured on the component ({@code trust}). */
        INLINE,
        /** Fetched from {@code trust-url} and cached. */
        FETCHED
    }

    /** Keys configured on the component. */
    public static TrustStatus inline(int keys) {
        return new TrustStatus(
                Origin.INLINE,
                Optional.of(keys),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
