package dev.agentgrant.keycloak.exchange.chain;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.delegation.RealmDelegationDepth;
import dev.agentgrant.keycloak.delegation.TokenStandings;
import dev.agentgrant.keycloak.exchange.AudienceDecision;
import dev.agentgrant.keycloak.exchange.DpopBinding;
import dev.agentgrant.keycloak.exchange.ExchangeParties;
import dev.agentgrant.keycloak.exchange.ExchangeProvider;
import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.exchange.ExchangeRequest;
import dev.agentgrant.keycloak.exchange.ExchangeRun;
import dev.agentgrant.keycloak.exchange.ScopeDecision;
import dev.agentgrant.keycloak.exchange.TaskTokenClaims;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import dev.agentgrant.keycloak.support.OAuthError;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * A sub-agent takes over a task token (docs/wire-contract.md, "Sub-agent chains"): {@code subject_token} = the parent's
 * task token, {@code actor_token} = the sub-agent's own attestation presentation. The new token has the same person
 * ({@code sub}), grant ({@code grant_id}) and audience, scopes within the parent's, an {@code exp} no later than the
 * parent's, and the sub-agent as the outermost {@code act} with the parent's chain nested inside (RFC 8693 §4.1).
 *
 * <p>Checks in order, the first failure answering and nothing after it running: the calling sub-agent (a confidential,
 * enabled, unsuspended agent with a service account) → the request's shape → the subject token (verified as Keycloak
 * verifies an access token, a task token) → whether it still stands (its grant, person and every agent of its chain as
 * they are now, by the introspection's rule) and the grant has uses left → the chain rules (depth, no agent twice, a
 * delegate of the parent agent the person left ticked) → scope → audience → DPoP present, and its nonce if the sub-agent
 * requires one → the sub-agent's presentation through its own policy → the DPoP key is the presentation's key →
 * lifetime → the presentation's replay entry → one conditional update consuming a use of the grant → mint.
 *
 * <p>The parent's token may be DPoP-bound to the parent's key, which the sub-agent does not hold; the token itself is
 * the evidence that the parent handed the task over (RFC 8693 §1.1: delegation), and the new token is bound to the
 * sub-agent's own key (presenter rebind, draft-mcguinness-oauth-actor-profile "Token Exchange Rebind").
 *
 * <p>The audit trail is the grant's: a refusal is recorded on it only for an agent that holds a genuine, verified token
 * of the grant (anyone else leaves the event only, and cannot grow the audit table).
 */
final class ChainExchangeProvider extends ExchangeProvider {

    ChainExchangeProvider(KeycloakSession session) {
        super(session, ExchangeRun.Caller.SUB_AGENT);
    }

    /** Claims sub-agent exchanges only ({@link ExchangeRequest#namesChainTokenTypes}). */
    @Override
    protected boolean claims(Map<String, List<String>> form) {
        return ExchangeRequest.namesChainTokenTypes(form);
    }

    @Override
    protected Response run(ExchangeRun hop) throws ExchangeRefusal {
        hop.detail("delegation", "sub_agent");
        AgentProfile profile = hop.establishAgent();
        ChainRequest request = ChainRequest.parse(hop.form());
        RealmModel realm = hop.realm();

        AccessToken parent = SubjectTokens.verify(session, realm, hop.issuer(), request.subjectToken());
        TokenStandings.Standing standing = TokenStandings.of(session, realm, parent, hop.now());
        standing.grant().ifPresent(hop::grant);
        if (!standing.stands()) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_GRANT,
                    "subject_" + standing.inactiveReason().get(),
                    SubjectTokens.NOT_ACTIVE);
        }
        TaskGrant grant = hop.grant();
        if (grant.usage().usedUp()) {
            throw new ExchangeRefusal(OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left");
        }
        UserModel user = ExchangeParties.person(session, realm, grant);
        ActorChain parentChain =
                ActorChain.read(parent.getOtherClaims().get("act")).orElseThrow();

        // The grant's agent sets how deep its tasks may be handed on; the holder of the parent token, to whom.
        AgentProfile rootProfile = profileOf(realm, parentChain.root().clientId());
        ChainRules.depth(
                parentChain,
                RealmDelegationDepth.effective(
                        rootProfile.delegationDepth(), realm.getAttribute(RealmDelegationDepth.ATTRIBUTE)));
        // The first hop's holder is the grant's agent itself, whose profile was just read.
        AgentProfile holderProfile =
                parentChain.current().clientId().equals(parentChain.root().clientId())
                        ? rootProfile
                        : profileOf(realm, parentChain.current().clientId());
        ChainRules.actor(
                parentChain,
                hop.client().getClientId(),
                holderProfile.delegates(),
                grant.decision().approval().map(TaskGrant.Approval::delegates).orElse(Set.of()));
        ActorChain chain = parentChain.handedTo(hop.actor());
        hop.detail("hop", Integer.toString(chain.hops()));
        hop.detail("actor_chain", chain.clientIds());

        // What the hop may have: within the parent's token, and within the grant's agent's and the sub-agent's
        // ceilings and what the person could obtain, as they are now.
        Set<String> ceiling = new LinkedHashSet<>(rootProfile.allowedScopes());
        ceiling.retainAll(profile.allowedScopes());
        Set<String> parentScopes = TaskGrant.scopes(parent.getScope());
        Set<String> scopes = ScopeDecision.granted(
                request.scopes(), parentScopes, ceiling, PersonScopes.available(realm, user, parentScopes));
        String audienceId = ChainRules.parentAudience(
                parent.getAudience() == null ? List.of() : Arrays.asList(parent.getAudience()));
        ClientModel audience = hop.audience(audienceId);
        AgentTask task = hop.task(scopes, audience);
        Set<String> audiences = new LinkedHashSet<>(rootProfile.allowedAudiences());
        audiences.retainAll(profile.allowedAudiences());
        if (!task.audience().equals(audienceId)) {
            throw SubjectTokens.refused("subject_token_audience");
        }
        AudienceDecision.check(audienceId, task.location(), audiences, request.audience(), request.resource());

        Optional<String> proofKey = hop.dpopKey();
        // Before the presentation is read, so a request that cannot pass burns nothing; the key is checked once the
        // presentation tells which key this hop's instance holds.
        DpopBinding.present(proofKey, hop.dpopRequired());
        hop.checkDpopNonce();
        // The sub-agent's own policy; no key is pinned for it, so its presentation key is bound right here: the DPoP
        // proof must be signed by the same key (the instance key binding of this hop).
        AttestationResult attestation = hop.attest(request.presentation(), Optional.empty());
        Optional<String> jkt = DpopBinding.check(proofKey, hop.dpopRequired(), attestation.instanceKeyThumbprint());
        TaskTokenClaims.Window window = hop.window(
                ChainRules.notAfter(grant.expiresAt().orElseThrow(), Instant.ofEpochSecond(parent.getExp())));

        // Every hop spends a use of the one grant: one conditional update, as for the grant's own agent.
        hop.consumeUse(window.issuedAt());
        return hop.issue(user, chain, task, jkt, window, scopes);
    }

    /** An agent of the chain's profile as it is now; one that no longer reads has ended the token's standing. */
    private static AgentProfile profileOf(RealmModel realm, String clientId) throws ExchangeRefusal {
        ClientModel agent = realm.getClientByClientId(clientId);
        try {
            if (agent != null) {
                return AgentClients.profileOf(agent);
            }
        } catch (AgentClients.NotAnAgent notAnAgent) {
            // Answered below, as the standing check would.
        }
        throw SubjectTokens.refused("subject_not_an_agent");
    }
}
