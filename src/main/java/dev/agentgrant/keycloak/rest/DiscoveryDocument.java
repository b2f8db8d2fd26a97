package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.exchange.ExchangeRequest;
import dev.agentgrant.keycloak.exchange.TaskTokenClaims;
import dev.agentgrant.keycloak.signal.PushMetadata;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.WireContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The realm's Agent Grant discovery document: what an agent needs to know before it builds its first
 * request, in the spirit of OAuth 2.0 Authorization Server Metadata (RFC 8414 §2): member names in
 * snake_case, absolute URLs, values that only the server can know. It lists only what the server supports.
 */
public final class DiscoveryDocument {

    private DiscoveryDocument() {}

    /**
     * @param issuer the realm's issuer URL exactly as it appears in the realm's tokens
     * @param version the running extension
     * @param setSigningAlgorithm what the realm's revocation-push SETs are signed with
     */
    public static Map<String, Object> describe(String issuer, ExtensionVersion version, String setSigningAlgorithm) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("agent_grant_endpoint", AgentGrantPaths.realmRoot(issuer));
        document.put("agent_grant_version", version.version());
        document.put("task_grant_token_type", WireContract.TASK_GRANT_TOKEN_TYPE);
        document.put("attestation_token_type", WireContract.ATTESTATION_TOKEN_TYPE);
        document.put("attestation_presentation_typ", WireContract.ATTESTATION_PRESENTATION_TYP);
        document.put("attestation_presentation_max_lifetime", WireContract.PRESENTATION_MAX_LIFETIME.toSeconds());
        document.put("attestation_evidence_max_items", WireContract.MAX_EVIDENCE_ITEMS);
        document.put("clock_skew", WireContract.CLOCK_SKEW.toSeconds());
        // Sub-agent chains (docs/wire-contract.md, "Sub-agent chains"): a task token handed on with the RFC 8693 access
        // token type as subject; the depth each agent allows is its own profile's, at most this.
        document.put("delegation_supported", true);
        document.put("delegation_subject_token_type", ExchangeRequest.ACCESS_TOKEN_TYPE);
        document.put("delegation_max_depth", AgentProfileOptions.DELEGATION_DEPTH.max());
        // The OAuth Actor Profile for Delegation's metadata (draft-mcguinness-oauth-actor-profile, "Authorization
        // Server Metadata") and the entity profiles of draft-mora-oauth-entity-profiles, for clients that read them.
        Map<String, Object> tokenExchange = new LinkedHashMap<>();
        tokenExchange.put(
                "subject_token_types_supported",
                List.of(WireContract.TASK_GRANT_TOKEN_TYPE, ExchangeRequest.ACCESS_TOKEN_TYPE));
        tokenExchange.put("actor_token_types_supported", List.of(WireContract.ATTESTATION_TOKEN_TYPE));
        tokenExchange.put("requested_token_types_supported", List.of(ExchangeRequest.ACCESS_TOKEN_TYPE));
        document.put("actor_profile_token_exchange", tokenExchange);
        document.put(
                "entity_profiles_supported",
                Map.of("subject", List.of(TaskTokenClaims.PERSON_PROFILE), "actor", List.of(ActorChain.AI_AGENT)));
        document.put("security_event_push", PushMetadata.describe(issuer, setSigningAlgorithm));
        return document;
    }
}
