package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.Optional;

/**
 * The DPoP check of the exchange. Keycloak has already validated the proof itself (RFC 9449 §4.3: signature,
 * {@code typ}, {@code htm}, {@code htu}, {@code iat}, {@code jti} replay); what is left is the key: the proof must be
 * signed by the agent instance key the grant is pinned to (like RFC 9449 §10 {@code dpop_jkt}). DPoP is required
 * unless the admin turned DPoP-bound tokens off for the agent; a proof sent anyway must still use the pinned key.
 */
public final class DpopBinding {

    private DpopBinding() {}

    /** A proof is there when DPoP is required: checked before anything is read that only the key could tell. */
    public static void present(Optional<String> proofThumbprint, boolean required) throws ExchangeRefusal {
        if (proofThumbprint.isEmpty() && required) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_DPOP_PROOF,
                    "dpop_missing",
                    "A DPoP proof signed by the agent instance key is required");
        }
    }

    /** The thumbprint to bind the token to ({@code cnf.jkt}), empty for a Bearer token. */
    public static Optional<String> check(Optional<String> proofThumbprint, boolean required, String pinnedThumbprint)
            throws ExchangeRefusal {
        present(proofThumbprint, required);
        if (proofThumbprint.isEmpty()) {
            return Optional.empty();
        }
        if (!proofThumbprint.get().equals(pinnedThumbprint)) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_DPOP_PROOF,
                    "dpop_key_mismatch",
                    "The DPoP proof is not signed by the agent instance key of the grant");
        }
        return proofThumbprint;
    }
}
