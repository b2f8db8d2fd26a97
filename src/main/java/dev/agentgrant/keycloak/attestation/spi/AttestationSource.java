package dev.agentgrant.keycloak.attestation.spi;

import dev.agentgrant.keycloak.attestation.AttestationRejection;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import org.keycloak.provider.Provider;

import java.time.Duration;

/**
 * One configured attestation source of a realm (a trust anchor): it verifies the evidence items a presentation
 * addresses to it and turns them into facts. Created per session from its realm component by an
 * {@link AttestationSourceFactory}; the factory keeps parsed configuration and fetched key sets between sessions.
 */
public interface AttestationSource extends Provider {

    /** The alias agents name in {@code evidence[].source}: the component's name. */
    String alias();

    /** A hash of the source's configuration; verification results are cached under it. */
    String configVersion();

    /** How long evidence of this source counts as fresh when it carries no expiry of its own. */
    Duration maxEvidenceAge();

    /** Whether evidence of this source identifies the workload (and so bounds a token's lifetime by its expiry). */
    boolean identityEvidence();

    /**
     * Verifies one evidence item addressed to this source.
     *
     * @throws AttestationRejection with a reason code when the evidence is refused
     */
    VerifiedEvidence verify(EvidenceItem item) throws AttestationRejection;

    /**
     * Whether the result of verifying {@code item} may be cached under the item's own bytes. Not when the item
     * only points at something that can change behind it (a registered provenance that an admin may delete).
     */
    default boolean cacheable(EvidenceItem item) {
        return true;
    }

    @Override
    default void close() {
    }
}
