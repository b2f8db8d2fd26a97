package dev.agentgrant.keycloak.grant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentgrant.keycloak.grant.admin.DelegateCheck.Standing;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A profile's sub-agents must be agents of the realm, other than the agent itself; each bad name is one problem. */
class DelegateCheckTest {

    private static final Function<String, Standing> REALM = clientId -> switch (clientId) {
        case "calendar-helper", "mail-helper", "planner" -> Standing.AGENT;
        case "calendar-api" -> Standing.NOT_AN_AGENT;
        default -> Standing.NO_CLIENT;
    };

    private static List<Problem> problems(String delegates) {
        return DelegateCheck.problems("planner", Map.of("agent-grant.delegates", delegates), REALM);
    }

    @Test
    void agentsOfTheRealmPass() {
        assertThat(problems("calendar-helper mail-helper")).isEmpty();
    }

    @Test
    void noDelegatesNeedNoCheck() {
        assertThat(DelegateCheck.problems("planner", Map.of(), REALM)).isEmpty();
        assertThat(problems("  ")).isEmpty();
    }

    @Test
    void everyUnusableNameIsOneProblemOnTheDelegatesAttributeInTheOrderWritten() {
        assertThat(problems("gone-helper calendar-api planner calendar-helper"))
                .containsExactly(
                        new Problem(
                                "agent-grant.delegates",
                                "agent-grant.delegates: 'gone-helper' is no client of this realm"),
                        new Problem(
                                "agent-grant.delegates",
                                "agent-grant.delegates: 'calendar-api' is a client but no agent (its agent-grant.enabled"
                                        + " is not true); make it an agent first"),
                        new Problem(
                                "agent-grant.delegates",
                                "agent-grant.delegates: 'planner' is this agent itself; an agent cannot hand a task to"
                                        + " itself"));
    }

    @Test
    void theAgentItselfIsRefusedWithoutLookingItUp() {
        assertThat(DelegateCheck.problems("planner", Map.of("agent-grant.delegates", "planner"), clientId -> {
                    throw new AssertionError("looked up " + clientId);
                }))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("itself");
    }

    @Test
    void namesThatDoNotReadOrRepeatAreLeftToTheProfilesOwnProblems() {
        assertThat(problems("bad\"name gone-helper gone-helper")).hasSize(1);
    }
}
