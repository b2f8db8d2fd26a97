package dev.agentgrant.keycloak.attestation.provenance;

import java.time.Instant;
import java.util.Set;

/** A registered provenance envelope as the rest of the extension sees it (never the JPA entity). */
public record RegisteredProvenance(
        String id,
        String source,
        String predicateType,
        Set<String> subjectDigests,
        String envelope,
        Instant createdAt,
        String createdBy) {

    public RegisteredProvenance {
        subjectDigests = Set.copyOf(subjectDigests);
    }

    static RegisteredProvenance of(RegisteredProvenanceEntity entity) {
        return new RegisteredProvenance(
                entity.getId(),
                entity.getSourceAlias(),
                entity.getPredicateType(),
                entity.getSubjectDigests(),
                entity.getEnvelope(),
                Instant.ofEpochMilli(entity.getCreatedAt()),
                entity.getCreatedBy());
    }
}
