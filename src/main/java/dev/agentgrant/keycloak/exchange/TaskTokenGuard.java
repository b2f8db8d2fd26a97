package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.NoStoreJson;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.tasktoken.TaskTokens;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;

/**
 * Refuses every token exchange that is not the task-grant exchange but presents a task token as its subject or actor
 * token: exchanged through Keycloak's standard (RFC 8693) or legacy exchange, a task token would come back as a plain
 * token of the person, without {@code act} or {@code grant_id} and outliving the grant. Ordered ahead of both, it
 * claims only such requests; all others pass to them untouched. Tokens are recognised as Keycloak's parser reads
 * them ({@link TaskTokens}), so no spelling of a task token slips past.
 */
final class TaskTokenGuard implements TokenExchangeProvider {

    @Override
    public boolean supports(TokenExchangeContext context) {
        try {
            Map<String, List<String>> form = context.getFormParams();
            if (form == null || ExchangeRequest.namesOurTokenTypes(form)) {
                return false;
            }
            return TaskTokens.anyTaskToken(context.getSession(), form.get(ExchangeRequest.SUBJECT_TOKEN))
                    || TaskTokens.anyTaskToken(context.getSession(), form.get(ExchangeRequest.ACTOR_TOKEN));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        context.getEvent()
                .detail(Details.REASON, "task_token_as_subject_or_actor")
                .error(Errors.INVALID_TOKEN);
        return context.getCors()
                .add(NoStoreJson.error(
                        OAuthError.INVALID_REQUEST, "A token issued for an agent task cannot be exchanged"));
    }

    @Override
    public void close() {}
}
