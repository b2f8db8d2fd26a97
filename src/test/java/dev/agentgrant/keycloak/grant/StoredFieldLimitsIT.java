package dev.agentgrant.keycloak.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.support.ColumnLimits;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every text a grant request stores is checked in the units its column counts before anything is consumed: exactly
 * at the limit it is stored as sent (read back through the admin API), one over it is refused with 400
 * {@code invalid_request}, nothing is stored and the presentation is not used up. Characters beyond U+FFFF count two
 * (H2 counts UTF-16 units; PostgreSQL and MariaDB with utf8mb4 count code points), so the same requests hold on every
 * database this test runs on.
 */
@KeycloakIntegrationTest
@Tag("persistence")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredFieldLimitsIT {

    private static final String EMOJI = "\ud83d\ude00"; // U+1F600: one code point, two UTF-16 units

    private KeycloakServer keycloak;
    private AgentGrantFixture fixture;

    @BeforeAll
    void configure(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        this.fixture = AgentGrantFixture.create(
                keycloak,
                Map.of("agent-grant.max-pending-requests-per-user", "100", "agent-grant.max-pending-requests", "1000"));
    }

    @Test
    void aLoginHintAtItsColumnsSizeIsStoredAsSent() {
        String hint = EMOJI.repeat(127) + "a"; // 255 UTF-16 units
        assertThat(hint).hasSize(ColumnLimits.LOGIN_HINT);

        JsonNode stored = storedGrant(fixture.request(fixture.form(Map.of("login_hint", hint))));

        assertThat(stored.path("login_hint").asText()).isEqualTo(hint);
    }

    @Test
    void aLoginHintOneUnitOverIsRefusedBeforeThePresentationIsUsed() {
        refusedAndNothingConsumed("login_hint", EMOJI.repeat(128));
        refusedAndNothingConsumed("login_hint", EMOJI.repeat(127) + "ab");
        // The case that reached the database on H2: 200 code points, 400 UTF-16 units.
        refusedAndNothingConsumed("login_hint", EMOJI.repeat(200));
    }

    @Test
    void aPurposeOf300SupplementaryCharactersIsStoredAsSent() {
        String purpose = EMOJI.repeat(300); // 600 UTF-16 units, the column's size

        JsonNode stored = storedGrant(fixture.request(fixture.form(Map.of("purpose", purpose))));

        assertThat(stored.path("purpose").asText()).isEqualTo(purpose);
        assertThat(stored.path("authorization_details").toString()).contains(purpose);
    }

    @Test
    void aPurposeOneCharacterOverIsRefusedBeforeThePresentationIsUsed() {
        refusedAndNothingConsumed("purpose", EMOJI.repeat(301));
        refusedAndNothingConsumed("purpose", "p".repeat(301));
    }

    @Test
    void anAsciiLoginHintAtTheLimitIsStoredAndOneOverIsRefused() {
        String hint = "h".repeat(255);
        assertThat(storedGrant(fixture.request(fixture.form(Map.of("login_hint", hint))))
                        .path("login_hint")
                        .asText())
                .isEqualTo(hint);
        refusedAndNothingConsumed("login_hint", "h".repeat(256));
    }

    /** One request with {@code value}: refused, nothing stored, and its presentation still makes a grant afterwards. */
    private void refusedAndNothingConsumed(String parameter, String value) {
        String presentation = fixture.presentation();
        int before = grantsOfTheAgent();

        Http.Response refused = fixture.request(fixture.form(Map.of(parameter, value, "actor_token", presentation)));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(grantsOfTheAgent()).as("nothing stored").isEqualTo(before);
        fixture.request(fixture.form(Map.of("actor_token", presentation))).expect(201);
    }

    private JsonNode storedGrant(Http.Response created) {
        String id = created.expect(201).json().path("grant_id").asText();
        return keycloak.admin().getJson("/realms/" + fixture.realm + "/agent-grant/grants/" + id);
    }

    private int grantsOfTheAgent() {
        return keycloak.admin()
                .getJson("/realms/" + fixture.realm + "/agent-grant/grants?agent=" + fixture.agent + "&max=100")
                .path("grants")
                .size();
    }
}
