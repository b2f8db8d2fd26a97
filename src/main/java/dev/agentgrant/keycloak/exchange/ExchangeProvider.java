package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OutageGuard;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;

/**
 * One of the extension's token exchanges (RFC 8693): it claims only requests of its own kind, then runs its checks in
 * its contract's order on an {@link ExchangeRun}. The first check that fails throws an {@link ExchangeRefusal}, which
 * is answered (docs/wire-contract.md, "Exchange") with nothing after it running. When the database cannot be reached
 * the exchange is answered 503 {@code temporarily_unavailable} ({@link OutageGuard}), its transaction rolled back,
 * instead of Keycloak's 500: the agent may repeat it once the database is back, and nothing of it was written.
 */
public abstract class ExchangeProvider implements TokenExchangeProvider {

    protected final KeycloakSession session;
    private final ExchangeRun.Caller caller;

    /** @param caller who calls this exchange, as far as the grant is concerned (which refusals its trail records) */
    protected ExchangeProvider(KeycloakSession session, ExchangeRun.Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    /** Whether a request with this form is this exchange's to answer. */
    protected abstract boolean claims(Map<String, List<String>> form);

    /** The exchange's checks, in its contract's order, ending in {@link ExchangeRun#issue}. */
    protected abstract Response run(ExchangeRun exchange) throws ExchangeRefusal;

    /** Never throws: Keycloak asks every provider in turn. */
    @Override
    public final boolean supports(TokenExchangeContext context) {
        try {
            return context.getFormParams() != null && claims(context.getFormParams());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public final Response exchange(TokenExchangeContext context) {
        // A refusal that is no error event (a poll of a pending grant) is logged under the exchange's own class.
        ExchangeRun exchange = new ExchangeRun(session, context, caller, getClass());
        // No DPoP nonce on the outage's answer: issuing one is part of the work that could not be done.
        return OutageGuard.run(
                session,
                "token exchange",
                () -> {
                    try {
                        return run(exchange);
                    } catch (ExchangeRefusal refusal) {
                        return exchange.refused(refusal);
                    }
                },
                () -> context.getCors().add(OutageGuard.agentAnswer()));
    }

    @Override
    public void close() {}
}
