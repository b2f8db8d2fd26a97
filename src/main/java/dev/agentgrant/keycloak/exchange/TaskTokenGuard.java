package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.NoStoreJson;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;

import java.util.List;
import java.util.Map;

/**
 * Refuses every token exchange that is not the task-grant exchange but presents a task token as its subject
 * (BRIEF §4.4, SECURITY-CHECKLIST 15b). Ordered ahead of Keycloak's standard and legacy exchanges, it claims only
 * such requests; all others pass to them untouched.
 */
final class TaskTokenGuard implements TokenExchangeProvider {

    @Override
    public boolean supports(TokenExchangeContext context) {
        try {
            Map<String, List<String>> form = context.getFormParams();
            if (form == null || ExchangeRequest.namesOurTokenTypes(form)) {
                return false;
            }
            List<String> subjects = form.get(ExchangeRequest.SUBJECT_TOKEN);
            return subjects != null && subjects.stream().anyMatch(TaskTokens::carriesGrantId);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        context.getEvent().detail(Details.REASON, "task_token_as_subject").error(Errors.INVALID_TOKEN);
        return context.getCors().add(NoStoreJson.error(Response.Status.BAD_REQUEST.getStatusCode(),
                OAuthErrorException.INVALID_REQUEST, "A token issued for an agent task cannot be exchanged"));
    }

    @Override
    public void close() {
    }
}
