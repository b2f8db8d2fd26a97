package dev.agentgrant.keycloak.attestation;

/**
 * Evidence, a presentation, or a part of one (a JWS, a key) that the extension refuses. {@link #reason()} is a short machine-readable code for events and
 * logs; the message carries the detail for admins. Neither is meant for the client, which gets a generic error.
 */
public final class AttestationRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public AttestationRejection(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
