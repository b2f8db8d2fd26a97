package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of {@code …/agent-grant/agents} (docs/wire-contract.md, "Admin REST — agents"): a summary per
 * agent in the list, and one agent in full. Durations are seconds; lists keep the order the admin wrote them in.
 */
final class AgentDocuments {

    private AgentDocuments() {}

    static Map<String, Object> page(List<Map<String, Object>> agents, int first, int max) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("agents", agents);
        page.put("first", first);
        page.put("max", max);
        return page;
    }

    /** What the list shows of an agent: who it is, whether it works, its ceilings, and how many grants it holds. */
    static Map<String, Object> summary(AgentView agent, long activeGrants) {
        Map<String, Object> document = identity(agent);
        agent.profile().ifPresent(profile -> {
            document.put("allowed_audiences", List.copyOf(profile.allowedAudiences()));
            document.put("allowed_scopes", List.copyOf(profile.allowedScopes()));
            document.put("max_grant_lifetime", profile.maxGrantLifetime().toSeconds());
            document.put("max_uses", profile.maxUses());
            document.put("attestation_policy_set", profile.attestationPolicy().isPresent());
            document.put("delegates", List.copyOf(profile.delegates()));
        });
        document.put("problem_count", agent.problems().size());
        document.put("active_grants", activeGrants);
        return document;
    }

    /** One agent in full: every {@code agent-grant.*} attribute as stored, the profile they read as, every problem. */
    static Map<String, Object> detail(AgentView agent, long activeGrants) {
        Map<String, Object> document = identity(agent);
        document.put("attributes", agent.agentAttributes());
        agent.profile().ifPresent(profile -> document.put("profile", profile(profile)));
        document.put(
                "problems",
                agent.problems().stream().map(AgentDocuments::problem).toList());
        document.put("active_grants", activeGrants);
        return document;
    }

    private static Map<String, Object> identity(AgentView agent) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("client_id", agent.facts().clientId());
        document.put("id", agent.facts().id());
        if (agent.facts().name() != null) {
            document.put("name", agent.facts().name());
        }
        document.put("enabled", agent.facts().enabled());
        document.put("suspended", agent.suspended());
        document.put("owners", List.copyOf(agent.owners()));
        document.put("usable", agent.problems().isEmpty() && agent.facts().enabled());
        return document;
    }

    private static Map<String, Object> profile(AgentProfile profile) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("suspended", profile.suspended());
        document.put("allowed_audiences", List.copyOf(profile.allowedAudiences()));
        document.put("allowed_scopes", List.copyOf(profile.allowedScopes()));
        document.put("max_grant_lifetime", profile.maxGrantLifetime().toSeconds());
        document.put("approval_timeout", profile.approvalTimeout().toSeconds());
        document.put("owners", List.copyOf(profile.owners()));
        document.put("max_pending_requests", profile.maxPendingRequests());
        document.put("max_pending_requests_per_user", profile.maxPendingRequestsPerUser());
        document.put("require_login_hint", profile.requireLoginHint());
        document.put("max_auth_age", profile.maxAuthAge().toSeconds());
        profile.attestationPolicy().ifPresent(policy -> document.put("attestation_policy", policy));
        document.put("max_uses", profile.maxUses());
        document.put("dpop_nonce_required", profile.dpopNonceRequired());
        document.put("delegates", List.copyOf(profile.delegates()));
        document.put("delegation_depth", profile.delegationDepth());
        return document;
    }

    static Map<String, String> problem(Problem problem) {
        Map<String, String> document = new LinkedHashMap<>();
        document.put("attribute", problem.attribute());
        document.put("message", problem.message());
        return document;
    }
}
