package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.attestation.service.AttestationResult;

import java.util.LinkedHashMap;
import java.util.Map;

/** Event and audit details that several endpoints share, under one set of names. */
public final class GrantEvents {

    private GrantEvents() {
    }

    /** The evidence summary: policy and version, sources that passed, instance key, presentation {@code jti}. */
    public static Map<String, String> attestationDetails(AttestationResult attestation) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("attestation_policy", attestation.policyId());
        details.put("attestation_policy_version", attestation.policyVersion());
        details.put("attestation_sources", String.join(" ", attestation.sources()));
        details.put("instance_jkt", attestation.instanceKeyThumbprint());
        details.put("presentation_jti", attestation.jti());
        return details;
    }
}
