package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SetClaimsTest {

    private static final String ISSUER = "https://sso.example.com/realms/acme";
    private static final Instant IAT = Instant.parse("2026-03-01T10:00:00Z");
    private static final CaepEvent EVENT = CaepEvent.sessionRevoked(IAT, CaepEvent.Initiator.PERSON, "revoked_by_user");

    @Test
    void aSetAboutAGrantHasTheRfc8417ClaimsAndOneEvent() {
        Map<String, Object> claims =
                SetClaims.of(ISSUER, "4d3c…jti", IAT, "calendar-api", "grant-123", Optional.of("user-7"), EVENT);

        assertThat(claims.keySet()).containsExactly("iss", "jti", "iat", "aud", "sub_id", "events");
        assertThat(claims)
                .containsEntry("iss", ISSUER)
                .containsEntry("jti", "4d3c…jti")
                .containsEntry("iat", IAT.getEpochSecond())
                .containsEntry("aud", "calendar-api")
                .containsEntry(
                        "events",
                        Map.of("https://schemas.openid.net/secevent/caep/event-type/session-revoked", EVENT.members()));
    }

    @Test
    void theSubjectIsAComplexIdentifierOfTheGrantAsSessionAndThePersonAsIssuerAndSubject() {
        Map<String, Object> claims =
                SetClaims.of(ISSUER, "j", IAT, "calendar-api", "grant-123", Optional.of("user-7"), EVENT);

        assertThat(claims.get("sub_id"))
                .isEqualTo(Map.of(
                        "format",
                        "complex",
                        "session",
                        Map.of("format", "opaque", "id", "grant-123"),
                        "user",
                        Map.of("format", "iss_sub", "iss", ISSUER, "sub", "user-7")));
    }

    @Test
    void withoutAPersonTheSubjectIsTheGrantAlone() {
        Map<String, Object> claims =
                SetClaims.of(ISSUER, "j", IAT, "calendar-api", "grant-123", Optional.empty(), EVENT);

        assertThat(claims.get("sub_id"))
                .isEqualTo(Map.of("format", "complex", "session", Map.of("format", "opaque", "id", "grant-123")));
    }

    @Test
    void aSetHasNoSubNorExp() {
        Map<String, Object> claims =
                SetClaims.of(ISSUER, "j", IAT, "calendar-api", "grant-123", Optional.of("user-7"), EVENT);

        assertThat(claims).doesNotContainKeys("sub", "exp", "nbf");
    }
}
