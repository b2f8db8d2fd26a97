package dev.agentgrant.keycloak.tasktoken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.BrowserExtension;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakCluster;
import dev.agentgrant.keycloak.testing.KeycloakClusterTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The confinement matrix on two nodes: tokens minted through node B, their grant revoked or their person disabled
 * through node B, then attacked through both nodes — node A must know at once what node B changed.
 */
@KeycloakClusterTest
@ExtendWith(BrowserExtension.class)
class TaskTokenConfinementClusterIT {

    private static final String REALM = AgentGrantFixture.REALM;

    @Test
    void revokedAndDisabledThroughOneNodeTheTokenIsHonouredByNeither(KeycloakCluster cluster, Browser browser) {
        ApprovalBrowserIT.ClientScopes.ensure(cluster.nodeA().admin());
        AgentGrantFixture agent = TaskTokenConfinementIT.agent(cluster.nodeA(), Map.of());
        Http nodeB = cluster.nodeB().http();
        List<ConfinementMatrix.Subject> subjects = new ArrayList<>();
        for (String state : List.of("issued", "revoked", "person-disabled")) {
            browser.clearCookies();
            String username =
                    TaskTokenConfinementIT.administrator(cluster.nodeA().admin(), "cluster-" + state);
            String grantId = ApprovedGrants.approved(browser, agent, username, Map.of());
            String token = ExchangeCalls.exchange(nodeB, agent, grantId)
                    .expect(200)
                    .json()
                    .path("access_token")
                    .asText();
            subjects.add(new ConfinementMatrix.Subject(
                    state + " (through node B)",
                    token,
                    agent,
                    TaskTokenConfinementIT.AUDIENCE_SECRET,
                    grantId,
                    username,
                    ApprovedGrants.userId(cluster.nodeA().admin(), username),
                    state.equals("issued")));
        }
        for (ConfinementMatrix.Subject subject : subjects) {
            JsonNode answer = cluster.nodeA()
                    .http()
                    .postForm(
                            "/realms/" + REALM + "/protocol/openid-connect/token/introspect",
                            Map.of("token", subject.token()),
                            "Authorization",
                            Http.basic(agent.audience, TaskTokenConfinementIT.AUDIENCE_SECRET))
                    .expect(200)
                    .json();
            assertThat(answer.path("active").asBoolean())
                    .as(subject.label() + " " + answer)
                    .isTrue();
        }

        nodeB.postForm(
                        agent.endpoint("grants/" + subjects.get(1).grantId() + "/revoke"),
                        Map.of(),
                        "Authorization",
                        agent.basicAuth())
                .expect(200);
        cluster.nodeB()
                .admin()
                .put("/realms/" + REALM + "/users/" + subjects.get(2).userId(), Map.of("enabled", false))
                .expect(204);

        List<String> violations = new ArrayList<>();
        for (Http node : List.of(cluster.nodeA().http(), nodeB)) {
            ConfinementMatrix matrix = new ConfinementMatrix(node, REALM);
            subjects.forEach(subject -> violations.addAll(matrix.violations(subject, true)));
        }
        assertThat(violations).isEmpty();
    }
}
