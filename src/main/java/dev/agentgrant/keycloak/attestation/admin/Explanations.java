package dev.agentgrant.keycloak.attestation.admin;

import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import dev.agentgrant.keycloak.attestation.policy.RuleResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A policy decision as the explain endpoint shows it: every rule with its outcome and detail, in order. */
final class Explanations {

    private Explanations() {}

    static List<Map<String, Object>> rules(PolicyDecision decision) {
        return decision.results().stream().map(Explanations::rule).toList();
    }

    private static Map<String, Object> rule(RuleResult result) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("rule", result.ruleId());
        rule.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        rule.put("detail", result.detail());
        rule.put("sources", result.sources());
        return rule;
    }
}
