package dev.agentgrant.keycloak.attestation.service;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import java.util.Optional;

/**
 * The attestation service's "no" to a whole presentation, at one {@link Stage} of its checks: a verifier's
 * {@link EvidenceRejected} with where it happened, or a refusal of the service's own (no policy, policy denied,
 * replayed). {@link #stage()} and {@link #reason()} go into events and logs, the message into the admin-facing
 * detail; a client only ever learns that attestation failed.
 */
public final class AttestationRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Where the refusal happened, in check order. */
    public enum Stage {
        PRESENTATION,
        EVIDENCE,
        POLICY,
        REPLAY
    }

    private final Stage stage;
    private final String reason;
    private final String source;
    private final transient PolicyDecision decision;

    public AttestationRefused(Stage stage, String reason, String source, String detail, PolicyDecision decision) {
        super(detail, null, false, false);
        this.stage = stage;
        this.reason = reason;
        this.source = source;
        this.decision = decision;
    }

    public Stage stage() {
        return stage;
    }

    public String reason() {
        return reason;
    }

    /** The evidence source the refusal concerns, if any. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The policy decision, for refusals at the policy stage (explain output). */
    public Optional<PolicyDecision> decision() {
        return Optional.ofNullable(decision);
    }
}
