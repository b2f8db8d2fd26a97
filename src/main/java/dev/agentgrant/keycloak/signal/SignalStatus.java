package dev.agentgrant.keycloak.signal;

/** Where a SET of the outbox stands. */
public enum SignalStatus {
    /** Waiting for its first or next attempt, or being delivered right now. */
    PENDING,
    /** A receiver accepted it (2xx). Deleted after the delivered-retention. */
    DELIVERED,
    /**
     * Given up on: the receiver refused it (400), the retries ran out, or the receiver's registration is missing or
     * unusable. Kept for the dead-letter-retention, for an admin to see and retry.
     */
    DEAD_LETTERED
}
