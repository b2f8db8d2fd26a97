package dev.agentgrant.keycloak.grant.request;

import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.OAuthRefusal;

/** A grant request that is refused (docs/wire-contract.md, "Request a grant"). */
public final class InvalidRequest extends OAuthRefusal {

    private static final long serialVersionUID = 1L;

    public InvalidRequest(OAuthError error, String reason, String description) {
        super(error, reason, description);
    }
}
