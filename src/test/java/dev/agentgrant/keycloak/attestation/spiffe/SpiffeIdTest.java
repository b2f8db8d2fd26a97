package dev.agentgrant.keycloak.attestation.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPIFFE-ID specification §2. */
class SpiffeIdTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "spiffe://example.org",
                "spiffe://example.org/ns/payments/sa/agent",
                "spiffe://prod-1.example_corp.org/a.b-c_d/E",
                "spiffe://a/b"
            })
    void validIdsParse(String id) throws EvidenceRejected {
        SpiffeId parsed = SpiffeId.parse(id);

        assertThat(parsed.toString()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "spiffe://",
                "spiffe:///path",
                "SPIFFE://example.org/a",
                "https://example.org/a",
                "spiffe://Example.org/a", // uppercase trust domain
                "spiffe://example.org:8443/a", // port
                "spiffe://user@example.org/a", // userinfo
                "spiffe://example.org/a/../b", // dot-dot segment
                "spiffe://example.org/a/./b", // dot segment
                "spiffe://example.org/%2e%2e/b", // percent-encoded dots
                "spiffe://example.org/a/", // trailing slash
                "spiffe://example.org/a//b", // empty segment
                "spiffe://example.org/a?x=1", // query
                "spiffe://example.org/a#frag", // fragment
                "spiffe://example.org/a b",
                "spiffe://exämple.org/a"
            })
    void invalidIdsAreRejected(String id) {
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, () -> SpiffeId.parse(id));

        assertThat(rejection).as(id).isNotNull();
        assertThat(rejection.reason()).isEqualTo("invalid_spiffe_id");
    }

    @Test
    void idsOver2048BytesAreRejected() {
        String id = "spiffe://example.org/" + "a".repeat(2048);

        assertThat(catchThrowableOfType(EvidenceRejected.class, () -> SpiffeId.parse(id)))
                .isNotNull();
    }
}
