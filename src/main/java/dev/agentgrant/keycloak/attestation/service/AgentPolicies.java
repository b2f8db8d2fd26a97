package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.policy.AttestationPolicy;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import dev.agentgrant.keycloak.attestation.policy.PolicyEvaluator;
import dev.agentgrant.keycloak.attestation.policy.PolicyProblems;
import dev.agentgrant.keycloak.attestation.realmpolicy.RealmPolicyFactory;
import dev.agentgrant.keycloak.support.Sha256;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.RealmModel;

/**
 * Finds an agent's attestation policy: its setting ({@link AgentIdentity#policy()}) holds either the policy JSON
 * itself or the name of a realm policy (a realm policy component, see {@link RealmPolicyFactory}). No policy,
 * no attestation: an agent without one is refused (fail closed). Parsed policies are cached by the SHA-256 of
 * their text, so a changed policy is parsed again on every node.
 */
public final class AgentPolicies {

    static final String CLIENT_POLICY_ID = "client";

    private static final int MAX_CACHED = 1024;

    private final Map<String, AttestationPolicy> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AttestationPolicy> eldest) {
            return size() > MAX_CACHED;
        }
    };

    /** The policy that applies to one agent, ready to evaluate. */
    public record Resolved(String id, AttestationPolicy policy) {

        public String versionHash() {
            return policy.versionHash();
        }

        public PolicyDecision evaluate(
                List<VerifiedEvidence> evidence,
                String instanceKeyThumbprint,
                Map<String, String> agentContext,
                Clock clock) {
            return new PolicyEvaluator(clock).evaluate(policy, evidence, instanceKeyThumbprint, agentContext);
        }
    }

    public Resolved resolve(RealmModel realm, AgentIdentity agent) throws AttestationRefused {
        String value = agent.policy().orElse(null);
        if (value == null || value.isBlank()) {
            throw new AttestationRefused(
                    AttestationRefused.Stage.POLICY,
                    "no_policy",
                    null,
                    "Agent " + agent.clientId() + " has no attestation policy (" + agent.policySetting() + ")",
                    null);
        }
        String trimmed = value.trim();
        if (trimmed.startsWith("{")) {
            return new Resolved(CLIENT_POLICY_ID, parse(trimmed, agent.clientId()));
        }
        String json = RealmPolicyFactory.find(realm, trimmed)
                .orElseThrow(() -> new AttestationRefused(
                        AttestationRefused.Stage.POLICY,
                        "no_policy",
                        null,
                        "Agent " + agent.clientId() + " references realm policy '" + trimmed
                                + "', which does not exist",
                        null));
        return new Resolved(trimmed, parse(json, agent.clientId()));
    }

    private AttestationPolicy parse(String json, String clientId) throws AttestationRefused {
        String key = Sha256.base64Url(json);
        synchronized (parsed) {
            AttestationPolicy cached = parsed.get(key);
            if (cached != null) {
                return cached;
            }
        }
        try {
            AttestationPolicy policy = AttestationPolicy.parse(json);
            synchronized (parsed) {
                parsed.put(key, policy);
            }
            return policy;
        } catch (PolicyProblems e) {
            throw new AttestationRefused(
                    AttestationRefused.Stage.POLICY,
                    "invalid_policy",
                    null,
                    "The attestation policy of " + clientId + " is invalid: " + String.join("; ", e.problems()),
                    null);
        }
    }
}
