package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A poll of a grant the person has not decided yet is the protocol working (RFC 8628 §3.5), not an error: Keycloak's
 * logging event listener must not print a WARN for it, while a real refusal still is one.
 */
@KeycloakIntegrationTest
class PendingPollLogIT {

    @Test
    void aPendingPollIsNoWarningAndARealRefusalStillIs(KeycloakServer keycloak) throws Exception {
        AgentGrantFixture fixture = AgentGrantFixture.create(keycloak, Map.of());
        Path log = keycloak.logFile().orElseThrow(() -> new AssertionError("this test needs the server log"));
        long start = Files.size(log);
        JsonNode pending = fixture.requestGrant();

        Http.Response poll = ExchangeCalls.exchange(
                fixture.http(), fixture, pending.path("grant_id").asText());
        assertThat(poll.status()).isEqualTo(400);
        assertThat(poll.json().path("error").asText()).isEqualTo("authorization_pending");
        Http.Response refused = ExchangeCalls.exchange(fixture.http(), fixture, "no-such-grant");
        assertThat(refused.status()).isEqualTo(400);
        String error = refused.json().path("error").asText();
        assertThat(error).isNotEqualTo("authorization_pending");

        // The refusal's event is logged after the poll's would have been: once it is there, the poll's would be too.
        String agent = "clientId=\"" + fixture.agent + "\"";
        List<String> lines =
                waitForLine(log, start, line -> line.contains(agent) && line.contains("error=\"" + error + "\""));
        List<String> agentEvents =
                lines.stream().filter(line -> line.contains(agent)).toList();
        assertThat(agentEvents)
                .anySatisfy(line -> assertThat(line)
                        .contains("WARN")
                        .contains("TOKEN_EXCHANGE_ERROR")
                        .contains(error));
        assertThat(agentEvents).noneMatch(line -> line.contains("authorization_pending"));
    }

    private static List<String> waitForLine(Path log, long from, java.util.function.Predicate<String> wanted)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            byte[] all = Files.readAllBytes(log);
            List<String> lines =
                    List.of(new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8).split("\\R"));
            if (lines.stream().anyMatch(wanted) || Instant.now().isAfter(deadline)) {
                return lines;
            }
            Thread.sleep(200);
        }
    }
}
