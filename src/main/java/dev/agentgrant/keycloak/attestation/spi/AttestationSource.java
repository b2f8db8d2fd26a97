package dev.agentgrant.keycloak.attestation.spi;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.keycloak.provider.Provider;

/**
 * One configured attestation source of a realm (a trust anchor): it verifies the evidence items a presentation
 * addresses to it and turns them into facts. Created per session from its realm component by an
 * {@link AttestationSourceFactory}; the factory keeps parsed configuration and fetched key sets between sessions.
 */
public interface AttestationSource extends Provider {

    /** The alias agents name in {@code evidence[].source}: the component's name. */
    String alias();

    /**
     * A hash of the source's configuration (everything an admin set on the component); verification results are
     * cached under it.
     */
    String configVersion();

    /**
     * What this source's verification compares evidence against, beyond its configuration version and the
     * evidence itself, as it stands for the current request: for instance the audience evidence must name when it
     * follows the hostname the request came through, or the version of a key set fetched by URL. Verification
     * results are cached under these (as well as the realm, the component, the configuration version, the realm
     * issuer the request sees and the evidence), so a result is reused only where the same verification would be
     * repeated. A source whose verification depends on anything else must answer {@code false} from
     * {@link #cacheable}.
     *
     * @throws EvidenceRejected when an input cannot be had (trust material unavailable): the evidence is then
     *                              refused, as its verification would be
     */
    default Map<String, String> verificationInputs() throws EvidenceRejected {
        return Map.of();
    }

    /** How long evidence of this source counts as fresh when it carries no expiry of its own. */
    Duration maxEvidenceAge();

    /** Whether evidence of this source identifies the workload (and so bounds a token's lifetime by its expiry). */
    boolean identityEvidence();

    /**
     * Verifies one evidence item addressed to this source.
     *
     * @throws EvidenceRejected with a reason code when the evidence is refused
     */
    VerifiedEvidence verify(EvidenceItem item) throws EvidenceRejected;

    /**
     * Whether the result of verifying {@code item} may be cached under the item's own bytes (with the
     * {@link #verificationInputs()} of the request). Not when the item only points at something that can change
     * behind it (a registered provenance that an admin may delete).
     */
    default boolean cacheable(EvidenceItem item) {
        return true;
    }

    /**
     * The state of the source's trust material, for the admin's status page; empty for a source that holds no keys
     * of its own (it verifies against something else, such as registered provenance).
     */
    default Optional<TrustStatus> trustStatus() {
        return Optional.empty();
    }

    @Override
    default void close() {}
}
