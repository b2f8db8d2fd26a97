package dev.agentgrant.keycloak.attestation.intoto;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.support.WireContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies an in-toto Statement v1 in a DSSE envelope signed by the source's trusted keys, and, for SLSA
 * Provenance v1, reads the build's facts. The order follows the DSSE protocol: envelope shape and bounds,
 * signatures over PAE against the threshold, payload type {@value #PAYLOAD_TYPE}, then the statement
 * (DSSE protocol; in-toto Statement v1; SLSA Provenance v1; every read bounded, RFC 8259 §9).
 *
 * <p>Facts: {@code predicate_type}; {@code subject_digests}, every accepted subject digest as
 * {@code <alg>:<hex>}, sorted, distinct, comma-separated; {@code subject_names}, the subjects' names, sorted,
 * distinct, comma-separated (absent when no subject is named). For SLSA Provenance v1 also {@code builder_id},
 * {@code build_type} and, when the provenance says, {@code source_repository}, {@code source_ref},
 * {@code source_uri}, {@code source_digest} and, for a git commit or sha1 digest, {@code source_commit} (the bare
 * hex, comparable with a CI token's commit claim) (see {@link SlsaProvenance}).
 *
 * <p>A DSSE envelope carries no time of its own. For SLSA provenance, {@code runDetails.metadata.finishedOn}
 * (else {@code startedOn}) is the evidence's issue time and must not be older than the source's max age; other
 * statements, and provenance without those timestamps, have no issue time. The evidence has no expiry.
 */
public final class InTotoVerifier {

    /** The DSSE payload type of in-toto attestations (in-toto spec/v1/envelope.md). */
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

    /**
     * @param trustedKeys the keys whose signatures count (see {@link DsseVerifier.Settings})
     * @param threshold how many distinct trusted keys must have signed
     * @param predicateTypes the predicate types this source accepts, compared exactly
     * @param maxAge how old SLSA provenance may be, by its build timestamps
     */
    public record Settings(List<TrustedKey> trustedKeys, int threshold, Set<String> predicateTypes, Duration maxAge) {

        public Settings {
            trustedKeys = List.copyOf(trustedKeys);
            predicateTypes = Set.copyOf(predicateTypes);
            if (predicateTypes.isEmpty()) {
                throw new IllegalArgumentException("At least one accepted predicate type is required");
            }
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("A positive max age is required");
            }
        }
    }

    private final Settings settings;
    private final DsseVerifier dsse;
    private final Clock clock;

    public InTotoVerifier(Settings settings, Clock clock) {
        this.settings = settings;
        this.dsse =
                new DsseVerifier(new DsseVerifier.Settings(settings.trustedKeys(), settings.threshold(), PAYLOAD_TYPE));
        this.clock = clock;
    }

    public VerifiedEvidence verify(String source, String envelopeJson) throws EvidenceRejected {
        byte[] payload = dsse.verify(DsseEnvelope.parse(envelopeJson));
        InTotoStatement statement = InTotoStatement.parse(payload, settings.predicateTypes());

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("predicate_type", statement.predicateType());
        Set<String> digests = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (InTotoStatement.Subject subject : statement.subjects()) {
            subject.digests().forEach((alg, hex) -> digests.add(alg + ":" + hex));
            subject.name().ifPresent(names::add);
        }
        facts.put("subject_digests", String.join(",", digests));
        if (!names.isEmpty()) {
            facts.put("subject_names", String.join(",", names));
        }

        Optional<Instant> issuedAt = Optional.empty();
        if (SlsaProvenance.PREDICATE_TYPE.equals(statement.predicateType())) {
            SlsaProvenance provenance = SlsaProvenance.from(statement.predicate());
            facts.put("builder_id", provenance.builderId());
            facts.put("build_type", provenance.buildType());
            provenance.sourceRepository().ifPresent(v -> facts.put("source_repository", v));
            provenance.sourceRef().ifPresent(v -> facts.put("source_ref", v));
            provenance.sourceUri().ifPresent(v -> facts.put("source_uri", v));
            provenance.sourceDigest().ifPresent(v -> facts.put("source_digest", v));
            // The bare commit id as well, so a policy can equate it with a CI token's commit claim ("sha").
            provenance
                    .sourceDigest()
                    .filter(v -> v.startsWith("gitCommit:") || v.startsWith("sha1:"))
                    .ifPresent(v -> facts.put("source_commit", v.substring(v.indexOf(':') + 1)));
            issuedAt = provenance.finishedOn().or(provenance::startedOn);
            checkAge(issuedAt);
        }
        return new VerifiedEvidence(source, facts, issuedAt, Optional.empty(), Optional.empty());
    }

    private void checkAge(Optional<Instant> issuedAt) throws EvidenceRejected {
        if (issuedAt.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Duration skew = WireContract.CLOCK_SKEW;
        if (issuedAt.get().isAfter(now.plus(skew))) {
            throw new EvidenceRejected("not_yet_valid", "SLSA build time " + issuedAt.get() + " lies in the future");
        }
        if (issuedAt.get().plus(settings.maxAge()).plus(skew).isBefore(now)) {
            throw new EvidenceRejected(
                    "too_old",
                    "SLSA build time " + issuedAt.get() + " is older than the source's max age " + settings.maxAge());
        }
    }
}
