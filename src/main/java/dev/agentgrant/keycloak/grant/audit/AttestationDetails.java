package dev.agentgrant.keycloak.grant.audit;

import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The evidence summary that audit records and events of requests and exchanges share, under one set of names. */
public final class AttestationDetails {

    private AttestationDetails() {}

    /** Policy and version, sources that passed, instance key, presentation {@code jti}. */
    public static Map<String, String> of(AttestationResult attestation) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("attestation_policy", attestation.policyId());
        details.put("attestation_policy_version", attestation.policyVersion());
        details.put("attestation_sources", String.join(" ", attestation.sources()));
        details.put("instance_jkt", attestation.instanceKeyThumbprint());
        details.put("presentation_jti", attestation.jti());
        return details;
    }
}
