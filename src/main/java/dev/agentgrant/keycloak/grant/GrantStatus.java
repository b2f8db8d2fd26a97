package dev.agentgrant.keycloak.grant;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a task grant and the only transitions between them:
 * {@code PENDING → APPROVED | DENIED | EXPIRED} and {@code APPROVED → REVOKED | EXPIRED | EXHAUSTED}. Every other state
 * is final: nothing is approved twice and nothing ended comes back. The store applies a transition with one
 * conditional update on the expected current state, so two racing transitions leave exactly one outcome.
 */
public enum GrantStatus {

    /** Requested by the agent, waiting for the human. */
    PENDING,
    /** Approved by the human: may mint tokens until it expires, is revoked or runs out of uses. */
    APPROVED,
    /** Refused by the human. */
    DENIED,
    /** Not decided in time, or past its lifetime after approval. */
    EXPIRED,
    /** Ended by the human, the agent, an admin or the system (user or agent removed, credentials reset). */
    REVOKED,
    /** Minted its last allowed token; the tokens already minted stay valid until they expire. */
    EXHAUSTED;

    private static final Set<GrantStatus> FROM_PENDING = EnumSet.of(APPROVED, DENIED, EXPIRED);
    private static final Set<GrantStatus> FROM_APPROVED = EnumSet.of(REVOKED, EXPIRED, EXHAUSTED);

    /** Whether the state machine has an edge from this state to {@code next}. */
    public boolean canBecome(GrantStatus next) {
        switch (this) {
            case PENDING:
                return FROM_PENDING.contains(next);
            case APPROVED:
                return FROM_APPROVED.contains(next);
            default:
                return false;
        }
    }

    /** No transition leaves this state. */
    public boolean isFinal() {
        return this != PENDING && this != APPROVED;
    }
}
