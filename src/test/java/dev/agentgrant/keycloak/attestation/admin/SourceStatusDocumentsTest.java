package dev.agentgrant.keycloak.attestation.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.attestation.spi.TrustStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the console is told about each attestation source: what the server holds, nothing it does not know. */
class SourceStatusDocumentsTest {

    private static final Instant FETCHED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aFetchedKeySetShowsWhenItWasFetchedHowManyKeysAndTheLastError() {
        TrustStatus trust = new TrustStatus(
                TrustStatus.Origin.FETCHED,
                Optional.of(3),
                Optional.of(FETCHED),
                Optional.of(FETCHED.plusSeconds(300)),
                Optional.of("http_status: 503"),
                Optional.of(FETCHED.plusSeconds(86_400)));

        Map<String, Object> document = SourceStatusDocuments.source(new SourceStatusDocuments.Source(
                "c1", "spire", "spiffe-jwt-svid", new SourceStatusDocuments.Running(Optional.of(trust))));

        assertThat(document)
                .isEqualTo(Map.of(
                        "id", "c1",
                        "name", "spire",
                        "provider_id", "spiffe-jwt-svid",
                        "available", true,
                        "trust",
                                Map.of(
                                        "origin",
                                        "fetched",
                                        "keys",
                                        3,
                                        "fetched_at",
                                        FETCHED.getEpochSecond(),
                                        "last_attempt_at",
                                        FETCHED.getEpochSecond() + 300,
                                        "last_error",
                                        "http_status: 503",
                                        "usable_until",
                                        FETCHED.getEpochSecond() + 86_400)));
    }

    @Test
    void aSetNeverFetchedAndInlineKeysShowOnlyWhatIsKnown() {
        TrustStatus never = new TrustStatus(
                TrustStatus.Origin.FETCHED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThat(trustOf(never)).isEqualTo(Map.of("origin", "fetched"));
        assertThat(trustOf(TrustStatus.inline(2))).isEqualTo(Map.of("origin", "inline", "keys", 2));
    }

    @Test
    void aSourceThatCannotRunSaysWhyAndOneThatDoesNotReportHasNoTrustMember() {
        Map<String, Object> list = SourceStatusDocuments.list(List.of(
                new SourceStatusDocuments.Source("c1", "gone", "removed-type", new SourceStatusDocuments.NoProvider()),
                new SourceStatusDocuments.Source(
                        "c2", "broken", "in-toto", new SourceStatusDocuments.Misconfigured("trust is required")),
                new SourceStatusDocuments.Source(
                        "c3", "silent", "third-party", new SourceStatusDocuments.Running(Optional.empty()))));

        assertThat(list.get("sources"))
                .isEqualTo(List.of(
                        Map.of(
                                "id", "c1",
                                "name", "gone",
                                "provider_id", "removed-type",
                                "available", false,
                                "problem", "This server has no attestation source type removed-type"),
                        Map.of(
                                "id", "c2",
                                "name", "broken",
                                "provider_id", "in-toto",
                                "available", false,
                                "problem", "trust is required"),
                        Map.of("id", "c3", "name", "silent", "provider_id", "third-party", "available", true)));
    }

    private static Object trustOf(TrustStatus trust) {
        return SourceStatusDocuments.source(new SourceStatusDocuments.Source(
                        "c", "s", "t", new SourceStatusDocuments.Running(Optional.of(trust))))
                .get("trust");
    }
}
