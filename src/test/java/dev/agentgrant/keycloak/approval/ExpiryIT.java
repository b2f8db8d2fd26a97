package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests nobody decides expire: the periodic cleanup writes the expiry down for requests nobody reads (the test
 * server runs it every 5 s), and an expired code no longer leads to a consent page. Waits out the shortest approval
 * timeout an agent may have (60 s).
 */
@KeycloakIntegrationTest
@ExtendWith(BrowserExtension.class)
class ExpiryIT {

    @Test
    void anUndecidedRequestExpiresAndItsCodeNoLongerWorks(KeycloakServer keycloak, Browser browser)
            throws InterruptedException {
        AgentGrantFixture agent = AgentGrantFixture.create(keycloak, Map.of("agent-grant.approval-timeout", "60"));
        JsonNode unread = agent.requestGrant();
        JsonNode followed = agent.requestGrant();
        String list =
                "/realms/" + AgentGrantFixture.REALM + "/agent-grant/grants?agent=" + agent.agent + "&status=EXPIRED";

        // The approval window (60 s), then more than one cleanup interval (5 s) without anybody reading the grants.
        Thread.sleep(Duration.ofSeconds(68).toMillis());
        long readAt = Instant.now().getEpochSecond();

        JsonNode expired = keycloak.admin().getJson(list);
        assertThat(expired.path("grants").findValuesAsText("id"))
                .containsExactlyInAnyOrder(
                        unread.path("grant_id").asText(),
                        followed.path("grant_id").asText());
        JsonNode grant = keycloak.admin()
                .getJson("/realms/" + AgentGrantFixture.REALM + "/agent-grant/grants/"
                        + unread.path("grant_id").asText());
        assertThat(grant.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(grant.path("end_reason").asText()).isEqualTo("approval_timeout");
        assertThat(grant.path("audit").findValuesAsText("action")).containsExactly("requested", "expired");
        // Written by the cleanup before anybody read the grant, not by the read just now.
        assertThat(grant.path("audit").get(1).path("recorded_at").asLong()).isLessThan(readAt);
        assertThat(grant.path("audit").get(1).path("actor_type").asText()).isEqualTo("system");
        // Before sign-in an expired code answers like any other; once signed in, the person learns it is no longer
        // valid.
        browser.open(followed.path("verification_uri_complete").asText());
        browser.fill("username", "tester").fill("password", "tester").click("#kc-login");
        browser.waitForText("That code is not valid");
        assertThat(browser.pageSource()).contains("name=\"user_code\"");
        assertThat(agent.status(followed.path("grant_id").asText())
                        .expect(200)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("EXPIRED");
    }
}
