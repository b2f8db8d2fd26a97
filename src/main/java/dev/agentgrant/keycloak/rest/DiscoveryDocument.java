package dev.agentgrant.keycloak.rest;

import dev.agentgrant.keycloak.signal.PushMetadata;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.ExtensionVersion;
import dev.agentgrant.keycloak.support.WireContract;
import java.util.LinkedHashMap;
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
        document.put("security_event_push", PushMetadata.describe(issuer, setSigningAlgorithm));
        return document;
    }
}
