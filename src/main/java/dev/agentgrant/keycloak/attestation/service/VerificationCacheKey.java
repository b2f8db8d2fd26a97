package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.support.Sha256;
import java.util.Map;
import java.util.Objects;

/**
 * Every input of one evidence verification, so that a cached result is reused only where verifying again would
 * compare the same evidence against the same things. Each input is a component of its own (no concatenation that
 * two different inputs could spell alike); the evidence is represented by its SHA-256.
 *
 * <p>Not in the key, because no verifier reads it: the agent and its policy. A source verifies evidence on its
 * own (its facts, times and {@code cnf} key); the policy — including {@code agent.*} facts and key binding — is
 * evaluated on every request against the (possibly cached) facts. Time is not in the key either: an entry lives
 * at most until the evidence expires or grows older than the source's max age ({@link VerificationCache}).
 *
 * @param source the source that verified the evidence, in the configuration it had
 * @param realmIssuer the realm's issuer URL as the request sees it: it follows the hostname the request came
 *                    through, and is the audience evidence must name unless the source configures one (kept for
 *                    every source, so that a source type that compares against it without saying so is safe too)
 * @param sourceInputs what the source compares evidence against for this request beyond its configuration
 *                     ({@link AttestationSource#verificationInputs()}): the expected audience, the version of a key
 *                     set fetched by URL
 * @param evidence the evidence verified
 */
public record VerificationCacheKey(
        Source source, String realmIssuer, Map<String, String> sourceInputs, Evidence evidence) {

    /**
     * One realm's source in one configuration.
     *
     * @param realmId the realm whose source verified the evidence: the cache is one per server, realms share nothing
     * @param sourceId the source's component id
     * @param alias the source's alias, by which the result's facts are namespaced
     * @param configVersion the hash of the source's configuration ({@link AttestationSource#configVersion()}):
     *                      issuer, trust domain, inline keys, algorithms, max age, a configured audience, claim
     *                      mapping, …
     */
    public record Source(String realmId, String sourceId, String alias, String configVersion) {

        public Source {
            Objects.requireNonNull(realmId, "realmId");
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(configVersion, "configVersion");
        }
    }

    /**
     * One evidence value, by its format and digest.
     *
     * @param format the evidence format
     * @param digest base64url SHA-256 of the evidence value
     */
    public record Evidence(EvidenceItem.Format format, String digest) {

        public Evidence {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(digest, "digest");
        }
    }

    public VerificationCacheKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(realmIssuer, "realmIssuer");
        sourceInputs = Map.copyOf(sourceInputs);
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * The key for verifying {@code item} with {@code source} in this request.
     *
     * @throws EvidenceRejected when the source cannot name its inputs (trust material unavailable)
     */
    public static VerificationCacheKey of(
            String realmId, String sourceId, String realmIssuer, AttestationSource source, EvidenceItem item)
            throws EvidenceRejected {
        return new VerificationCacheKey(
                new Source(realmId, sourceId, source.alias(), source.configVersion()),
                realmIssuer,
                source.verificationInputs(),
                new Evidence(item.format(), Sha256.base64Url(item.value())));
    }
}
