package dev.agentgrant.keycloak.introspection;

import java.util.List;

/**
 * How much of an active task token a calling client may see. RFC 7662 §2.2 leaves it to the server to tailor the
 * answer to the caller; the contract (docs/wire-contract.md, "Revocation and introspection") shows who acts and why
 * — {@code act}, {@code grant_id}, {@code attestation} — only to the token's audience and to the agent itself. Any
 * other client learns nothing unless an admin let it introspect tokens not meant for it, and then only the standard
 * claims.
 */
public enum IntrospectionView {
    /** The audience client or the agent holding the token (the current actor of its chain): every claim. */
    FULL,
    /** A client an admin allowed to introspect without being in the audience: no delegation or attestation claims. */
    LIMITED,
    /** Anyone else: the token reads as inactive, as Keycloak answers for other tokens. */
    NONE;

    /** The claims only {@link #FULL} shows. */
    public static final List<String> DELEGATION_CLAIMS = List.of("act", "grant_id", "attestation", "delegation_hops");

    public static IntrospectionView of(
            String callerClientId, List<String> audience, String agentClientId, boolean callerMayIgnoreAudience) {
        if (callerClientId != null && (audience.contains(callerClientId) || callerClientId.equals(agentClientId))) {
            return FULL;
        }
        return callerMayIgnoreAudience ? LIMITED : NONE;
    }
}
