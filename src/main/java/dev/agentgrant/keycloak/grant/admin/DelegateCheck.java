package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.agent.ScopeToken;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What an agents API write checks of the sub-agents a profile names ({@code agent-grant.delegates}) beyond how the
 * profile reads: each must be an agent of the realm — a task handed to anything else could never be used — and none may
 * be the agent itself. The form of the names (and their number) is the profile's to judge ({@link AgentView}); a name
 * that does not read is left to that problem rather than reported twice.
 *
 * <p>Only writes check this, not {@code GET}: a sub-agent deleted after the profile was saved does not stop the agent
 * working (the consent page no longer offers it), but the next save of the profile has to drop it.
 */
final class DelegateCheck {

    /** What a named client_id stands for in the realm, as far as the caller may see. */
    enum Standing {
        AGENT,
        NOT_AN_AGENT,
        /** No client of that client_id, or one the caller may not view. */
        NO_CLIENT
    }

    private static final Pattern BLANKS = Pattern.compile("[ \\t\\r\\n]+");

    private DelegateCheck() {}

    /**
     * @param agentClientId the client_id of the agent being written
     * @param attributes    the attributes the client will have
     * @param standing      looks a client_id up in the realm
     * @return one problem per unusable name, in the order written, on {@code agent-grant.delegates}
     */
    static List<Problem> problems(
            String agentClientId, Map<String, String> attributes, Function<String, Standing> standing) {
        String attribute = AgentProfileOptions.DELEGATES.name();
        String value = attributes.getOrDefault(attribute, "").trim();
        List<Problem> problems = new ArrayList<>();
        if (value.isEmpty()) {
            return problems;
        }
        Set<String> names = new LinkedHashSet<>(List.of(BLANKS.split(value)));
        for (String name : names) {
            if (!ScopeToken.isValid(name)) {
                continue;
            }
            String problem;
            if (name.equals(agentClientId)) {
                problem = "is this agent itself; an agent cannot hand a task to itself";
            } else {
                problem = switch (standing.apply(name)) {
                    case AGENT -> null;
                    case NOT_AN_AGENT ->
                        "is a client but no agent (its agent-grant.enabled is not true); make it an agent first";
                    case NO_CLIENT -> "is no client of this realm";
                };
            }
            if (problem != null) {
                problems.add(new Problem(attribute, attribute + ": '" + name + "' " + problem));
            }
        }
        return problems;
    }
}
