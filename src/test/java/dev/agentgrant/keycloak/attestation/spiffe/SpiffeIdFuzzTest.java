package dev.agentgrant.keycloak.attestation.spiffe;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.nio.charset.StandardCharsets;

/**
 * SPIFFE ID parsing (SPIFFE-ID §2): any text is a {@link SpiffeId} or an {@link EvidenceRejected}, and an accepted ID
 * prints back to exactly the text it was read from (one ID, one spelling).
 */
class SpiffeIdFuzzTest {

    @FuzzTest
    void spiffeId(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SpiffeId id;
        try {
            id = SpiffeId.parse(text);
        } catch (EvidenceRejected rejected) {
            assertThat(rejected.reason()).isEqualTo("invalid_spiffe_id");
            return;
        }
        assertThat(id.toString()).isEqualTo(text);
        assertThat(id.trustDomain()).isNotEmpty().matches("[a-z0-9._-]{1,255}");
    }
}
