package dev.agentgrant.keycloak.attestation.provenance;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/**
 * A provenance envelope registered ahead of time (verified on upload) so presentations can reference it by a
 * subject digest ({@code digest-ref}) instead of carrying 10–30 KB with every exchange. Lives outside
 * {@code org.keycloak.*}: Keycloak's build-time scan would skip it there.
 */
@Entity(name = RegisteredProvenanceEntity.ENTITY_NAME)
@Table(name = "AGENT_GRANT_PROVENANCE")
@NamedQueries({
    @NamedQuery(
            name = "agentGrantProvenanceBySubject",
            query =
                    "select p from AgentGrantProvenance p join p.subjectDigests d"
                            + " where p.realmId = :realmId and p.sourceAlias = :source and d = :digest order by p.createdAt desc"),
    @NamedQuery(
            name = "agentGrantProvenanceByEnvelope",
            query = "select p from AgentGrantProvenance p"
                    + " where p.realmId = :realmId and p.sourceAlias = :source and p.envelopeSha256 = :sha256"),
    @NamedQuery(
            name = "agentGrantProvenanceList",
            query = "select p from AgentGrantProvenance p where p.realmId = :realmId order by p.createdAt desc"),
    @NamedQuery(
            name = "agentGrantProvenanceListBySource",
            query =
                    "select p from AgentGrantProvenance p where p.realmId = :realmId and p.sourceAlias = :source order by p.createdAt desc"),
    @NamedQuery(
            name = "agentGrantProvenanceIdsByRealm",
            query = "select p.id from AgentGrantProvenance p where p.realmId = :realmId"),
    @NamedQuery(
            name = "agentGrantProvenanceIdsBySource",
            query = "select p.id from AgentGrantProvenance p where p.realmId = :realmId and p.sourceAlias = :source")
})
public class RegisteredProvenanceEntity {

    /** JPQL entity name: namespaced, since all extensions share one persistence unit. */
    public static final String ENTITY_NAME = "AgentGrantProvenance";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "SOURCE_ALIAS", length = 64, nullable = false)
    private String sourceAlias;

    @Column(name = "ENVELOPE_SHA256", length = 64, nullable = false)
    private String envelopeSha256;

    @Column(name = "ENVELOPE", nullable = false)
    private String envelope;

    @Column(name = "PREDICATE_TYPE", length = 255, nullable = false)
    private String predicateType;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY", length = 255)
    private String createdBy;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "AGENT_GRANT_PROV_SUBJECT", joinColumns = @JoinColumn(name = "PROVENANCE_ID"))
    @Column(name = "DIGEST", length = 200, nullable = false)
    private Set<String> subjectDigests = new HashSet<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getSourceAlias() {
        return sourceAlias;
    }

    public void setSourceAlias(String sourceAlias) {
        this.sourceAlias = sourceAlias;
    }

    public String getEnvelopeSha256() {
        return envelopeSha256;
    }

    public void setEnvelopeSha256(String envelopeSha256) {
        this.envelopeSha256 = envelopeSha256;
    }

    public String getEnvelope() {
        return envelope;
    }

    public void setEnvelope(String envelope) {
        this.envelope = envelope;
    }

    public String getPredicateType() {
        return predicateType;
    }

    public void setPredicateType(String predicateType) {
        this.predicateType = predicateType;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public Set<String> getSubjectDigests() {
        return subjectDigests;
    }

    public void setSubjectDigests(Set<String> subjectDigests) {
        this.subjectDigests = subjectDigests;
    }
}
