package dev.agentgrant.keycloak.attestation.intoto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.util.Set;

/**
 * The payload of a verified DSSE envelope read as an in-toto Statement v1 and its SLSA Provenance v1 predicate: any
 * bytes are a statement (and provenance) or an {@link EvidenceRejected}, never another exception. The signature is
 * not in the way here: a trusted builder's key signs whatever the builder wrote, so these parsers face its bytes.
 */
class InTotoStatementFuzzTest {

    private static final Set<String> PREDICATE_TYPES = Set.of(SlsaProvenance.PREDICATE_TYPE);

    @FuzzTest
    void slsaStatement(byte[] payload) {
        InTotoStatement statement;
        try {
            statement = InTotoStatement.parse(payload, PREDICATE_TYPES);
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return;
        }
        assertThat(statement.subjects()).hasSizeBetween(1, InTotoStatement.MAX_SUBJECTS);
        statement
                .subjects()
                .forEach(subject ->
                        assertThat(subject.digests().keySet()).isNotEmpty().isSubsetOf("sha256", "sha384", "sha512"));
        try {
            SlsaProvenance provenance = SlsaProvenance.from(statement.predicate());
            assertThat(provenance.builderId()).isNotEmpty();
            assertThat(provenance.buildType()).isNotEmpty();
            if (provenance.startedOn().isPresent() && provenance.finishedOn().isPresent()) {
                assertThat(provenance.finishedOn().get())
                        .isAfterOrEqualTo(provenance.startedOn().get());
            }
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isEqualTo("invalid_provenance");
        }
    }
}
