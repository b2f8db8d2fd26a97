package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * The token exchange of a task grant (docs/wire-contract.md, "Exchange"): {@code subject_token} = a grant id with the task-grant URN,
 * {@code actor_token} = a fresh attestation presentation signed by the pinned instance key.
 *
 * <p>Checks in the contract's order, the first failure answering and nothing after it running: the agent (a
 * confidential, enabled, unsuspended agent with a service account) → the request's shape → the grant's state (a
 * pending grant answers {@code authorization_pending} / {@code slow_down} without touching the presentation) → the
 * person and the agent's profile as they are now → scope → audience → DPoP (the pinned key, then the nonce if the agent
 * requires one) → the presentation through the attestation service, then the token's lifetime (from the grant, the
 * profile and the verified evidence), then the presentation's replay entry → one conditional update consuming a use →
 * mint.
 * A refusal changes no grant state; it writes a {@code TOKEN_EXCHANGE_ERROR} event, and an audit record only when an
 * established agent was refused for a grant of its own ({@link ExchangeAudit}). A poll of a pending grant is no error
 * event: it is logged at DEBUG under this class (README).
 */
public final class TaskGrantExchangeProvider extends ExchangeProvider {

    TaskGrantExchangeProvider(KeycloakSession session) {
        super(session, ExchangeRun.Caller.GRANT_AGENT);
    }

    /**
     * Claims every token exchange that names one of the extension's token types, so that one without the other is
     * refused here rather than handed to Keycloak's standard exchange (which ignores {@code actor_token}).
     */
    @Override
    protected boolean claims(Map<String, List<String>> form) {
        return ExchangeRequest.namesOurTokenTypes(form);
    }

    @Override
    protected Response run(ExchangeRun exchange) throws ExchangeRefusal {
        AgentProfile profile = exchange.establishAgent();
        ExchangeRequest request = ExchangeRequest.parse(exchange.form());

        Instant now = exchange.now();
        Optional<TaskGrant> found = exchange.store().find(exchange.realm().getId(), request.grantId());
        found.ifPresent(exchange::grant);
        if (GrantStanding.of(found, exchange.client().getId(), now) == GrantStanding.PENDING) {
            throw PendingPoll.answer(session, exchange.grant(), now);
        }
        TaskGrant grant = exchange.grant();

        UserModel user = ExchangeParties.person(session, exchange.realm(), grant);
        ClientModel audience = exchange.audience(grant.request().task().audience());
        Set<String> scopes = ScopeDecision.granted(
                request.scopes(),
                grant.effectiveScopes(),
                profile.allowedScopes(),
                PersonScopes.available(exchange.realm(), user, grant.effectiveScopes()));
        AgentTask task = exchange.task(scopes, audience);
        AudienceDecision.check(
                task.audience(), task.location(), profile.allowedAudiences(), request.audience(), request.resource());

        Optional<String> jkt = DpopBinding.check(
                exchange.dpopKey(), exchange.dpopRequired(), grant.agent().instanceKeyThumbprint());
        exchange.checkDpopNonce();

        exchange.attest(request.presentation(), Optional.of(grant.agent().instanceKeyThumbprint()));
        TaskTokenClaims.Window window = exchange.window(grant.expiresAt().orElseThrow());

        // Another exchange may have taken the last use (or the grant ended) since it was read.
        exchange.consumeUse(window.issuedAt());
        return exchange.issue(user, ActorChain.of(exchange.actor()), task, jkt, window, scopes);
    }
}
