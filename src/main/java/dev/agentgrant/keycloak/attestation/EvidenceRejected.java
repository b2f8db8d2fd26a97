package dev.agentgrant.keycloak.attestation;

/**
 * One verifier's "no" to one thing an agent presents: the presentation JWS, an evidence item, or a part of either
 * (a signature, a key, a digest, the trust material it is checked against). It knows nothing of where in the
 * attestation it happened; the attestation service turns it into an {@code AttestationRefused} with its stage.
 * {@link #reason()} is a short machine-readable code for events and logs; the message carries the detail for admins.
 * Neither is meant for the client, which gets a generic error.
 */
public final class EvidenceRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public EvidenceRejected(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
