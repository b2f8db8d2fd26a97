package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.OAuthRefusal;

/** A "no" from one of the exchange's checks (docs/wire-contract.md, "Exchange"). */
public final class ExchangeRefusal extends OAuthRefusal {

    private static final long serialVersionUID = 1L;

    public ExchangeRefusal(OAuthError error, String reason, String description) {
        super(error, reason, description);
    }
}
