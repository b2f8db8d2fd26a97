package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.agent.AgentRoleScope;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One agent client as the admin API shows it: its {@code agent-grant.*} attributes as stored, its profile when they
 * read, and every problem that keeps it from working — exactly those for which the agent endpoints refuse it
 * ({@code AgentClients.profileOf}): a client that does not authenticate itself, an attribute that does not read, a
 * role scope that is too wide, no service account.
 */
final class AgentView {

    static final String CONFIDENTIAL = "publicClient";
    static final String SERVICE_ACCOUNT = "serviceAccountsEnabled";
    static final String FULL_SCOPE = "fullScopeAllowed";
    static final String SCOPE_MAPPINGS = "scopeMappings";

    private final AgentFacts facts;
    private final Map<String, String> agentAttributes;
    private final Optional<AgentProfile> profile;
    private final List<Problem> problems;

    private AgentView(AgentFacts facts) {
        this.facts = facts;
        this.agentAttributes = agentAttributes(facts.attributes());
        List<Problem> found = new ArrayList<>();
        if (!facts.confidential()) {
            found.add(new Problem(
                    CONFIDENTIAL,
                    "an agent must be a confidential client (client authentication on, not bearer-only): a public"
                            + " client proves nothing about itself"));
        }
        if (!facts.serviceAccount()) {
            found.add(new Problem(
                    SERVICE_ACCOUNT,
                    "an agent needs a service account (serviceAccountsEnabled): task tokens name it as the actor"));
        }
        AgentProfile read = null;
        try {
            read = AgentProfile.read(facts.attributes());
        } catch (AgentProfileProblems unreadable) {
            unreadable.details().forEach(p -> found.add(new Problem(p.attribute(), p.message())));
        }
        AgentRoleScope.problems(facts.fullScopeAllowed(), Set.of())
                .forEach(message -> found.add(new Problem(FULL_SCOPE, message)));
        AgentRoleScope.problems(false, facts.privilegedRolesInScope())
                .forEach(message -> found.add(new Problem(SCOPE_MAPPINGS, message)));
        this.profile = Optional.ofNullable(read);
        this.problems = List.copyOf(found);
    }

    static AgentView of(AgentFacts facts) {
        return new AgentView(facts);
    }

    /** Whether a client's attributes mark it as an agent: {@code agent-grant.enabled} is exactly {@code true}. */
    static boolean isAgent(Map<String, String> attributes) {
        return "true".equals(attributes.get(AgentProfileOptions.ENABLED.name()));
    }

    /** The attributes in the extension's namespace (any case, so a misspelt one shows), sorted by name. */
    static Map<String, String> agentAttributes(Map<String, String> attributes) {
        Map<String, String> namespaced = new TreeMap<>();
        attributes.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(AgentProfileOptions.PREFIX)) {
                namespaced.put(name, value);
            }
        });
        return namespaced;
    }

    AgentFacts facts() {
        return facts;
    }

    Map<String, String> agentAttributes() {
        return agentAttributes;
    }

    Optional<AgentProfile> profile() {
        return profile;
    }

    List<Problem> problems() {
        return problems;
    }

    /** Suspended as the profile reads, or — when it does not read — as the attribute says. */
    boolean suspended() {
        return profile.map(AgentProfile::suspended)
                .orElse("true".equals(facts.attributes().get(AgentProfileOptions.SUSPENDED.name())));
    }

    /** The owners' usernames as the profile reads, or — when it does not read — as the attribute lists them. */
    Set<String> owners() {
        if (profile.isPresent()) {
            return profile.get().owners();
        }
        String raw = facts.attributes().getOrDefault(AgentProfileOptions.OWNERS.name(), "");
        Set<String> owners = new LinkedHashSet<>();
        Arrays.stream(raw.trim().split("[ \\t\\r\\n]+"))
                .filter(name -> !name.isEmpty())
                .forEach(owners::add);
        return owners;
    }
}
