package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceStatusesTest {

    @Test
    void aUsableSourceShowsItsTrustMaterialWithTimesInEpochSeconds() {
        TrustStatus trust = new TrustStatus(
                TrustStatus.URL,
                List.of("k1"),
                Optional.of(Instant.ofEpochSecond(1_700_000_000)),
                Optional.of(Instant.ofEpochSecond(1_700_000_100)),
                Optional.of("trust_material_unavailable: HTTP 500"));

        Map<String, Object> document = SourceStatuses.usable("c1", "spire", "spiffe-jwt-svid", Optional.of(trust));

        assertThat(document)
                .containsEntry("id", "c1")
                .containsEntry("alias", "spire")
                .containsEntry("type", "spiffe-jwt-svid")
                .containsEntry("state", SourceStatuses.USABLE)
                .doesNotContainKey("problem");
        assertThat(document.get("trust"))
                .isEqualTo(Map.of(
                        "origin",
                        "url",
                        "key_ids",
                        List.of("k1"),
                        "fetched_at",
                        1_700_000_000L,
                        "last_attempt_at",
                        1_700_000_100L,
                        "last_failure",
                        "trust_material_unavailable: HTTP 500"));
    }

    @Test
    void anUnusableSourceSaysWhyAndShowsNoTrust() {
        Map<String, Object> document = SourceStatuses.unusable(
                "c2", "old", "gone-type", SourceStatuses.TYPE_MISSING, "This server provides no source of type x");

        assertThat(document)
                .containsEntry("state", "type_missing")
                .containsEntry("problem", "This server provides no source of type x")
                .doesNotContainKey("trust");
    }
}
