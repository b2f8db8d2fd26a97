package dev.agentgrant.keycloak.exchange.chain;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.attestation.service.AttestationRefused;
import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.attestation.service.AttestationService;
import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.delegation.RealmDelegationDepth;
import dev.agentgrant.keycloak.delegation.TokenStandings;
import dev.agentgrant.keycloak.exchange.AudienceDecision;
import dev.agentgrant.keycloak.exchange.DpopBinding;
import dev.agentgrant.keycloak.exchange.DpopNonce;
import dev.agentgrant.keycloak.exchange.DpopNonces;
import dev.agentgrant.keycloak.exchange.ExchangeAnswer;
import dev.agentgrant.keycloak.exchange.ExchangeParties;
import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.exchange.ExchangeRequest;
import dev.agentgrant.keycloak.exchange.ScopeDecision;
import dev.agentgrant.keycloak.exchange.TaskTokenClaims;
import dev.agentgrant.keycloak.exchange.TaskTokenMinter;
import dev.agentgrant.keycloak.exchange.TokenLifetime;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AttestationDetails;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.eligibility.PersonScopes;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.OAuthError;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.util.DPoPUtil;

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
 */
final class ChainExchangeProvider implements TokenExchangeProvider {

    private final KeycloakSession session;

    ChainExchangeProvider(KeycloakSession session) {
        this.session = session;
    }

    /** Claims sub-agent exchanges only ({@link ExchangeRequest#namesChainTokenTypes}). Never throws. */
    @Override
    public boolean supports(TokenExchangeContext context) {
        try {
            return context.getFormParams() != null && ExchangeRequest.namesChainTokenTypes(context.getFormParams());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        Hop hop = new Hop(context);
        try {
            return hop.run();
        } catch (ExchangeRefusal refusal) {
            return hop.refuse(refusal);
        }
    }

    @Override
    public void close() {}

    /** One hand-over: what is known so far, for the audit record and event of its outcome. */
    private final class Hop {

        private final TokenExchangeContext context;
        private final RealmModel realm;
        private final ClientModel client;
        private final EventBuilder event;
        private final GrantStore store;
        private final String address;
        private boolean agentEstablished;
        /** The grant the verified subject token names, once read. */
        private TaskGrant grant;
        /** The chain of the new token, once the rules allowed it. */
        private ActorChain chain;

        private AttestationResult attestation;
        private DpopNonces nonces;

        Hop(TokenExchangeContext context) {
            this.context = context;
            this.realm = context.getRealm();
            this.client = context.getClient();
            this.event = context.getEvent();
            this.store = GrantStore.of(session);
            this.address = context.getClientConnection() == null
                    ? null
                    : context.getClientConnection().getRemoteAddr();
        }

        Response run() throws ExchangeRefusal {
            AgentProfile profile = ExchangeParties.agent(client);
            agentEstablished = true;
            ExchangeParties.notSuspended(profile);
            if (profile.dpopNonceRequired()) {
                nonces = new DpopNonces(session, realm, client.getId());
            }
            UserModel serviceAccount = session.users().getServiceAccount(client);
            if (serviceAccount == null) {
                throw new ExchangeRefusal(
                        OAuthError.UNAUTHORIZED_CLIENT,
                        "no_service_account",
                        "The agent has no service account to act as");
            }
            ChainRequest request = ChainRequest.parse(context.getFormParams());

            String issuer = AgentGrantPaths.realmIssuer(session, realm);
            AccessToken parent = SubjectTokens.verify(session, realm, issuer, request.subjectToken());
            TokenStandings.Standing standing = TokenStandings.of(session, realm, parent, store.now());
            standing.grant().ifPresent(g -> grant = g);
            if (!standing.stands()) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_GRANT,
                        "subject_" + standing.inactiveReason().get(),
                        SubjectTokens.NOT_ACTIVE);
            }
            if (grant.usage().usedUp()) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left");
            }
            UserModel user = ExchangeParties.person(session, realm, grant);
            ActorChain parentChain =
                    ActorChain.read(parent.getOtherClaims().get("act")).orElseThrow();

            // The grant's agent sets how deep its tasks may be handed on; the holder of the parent token, to whom.
            AgentProfile rootProfile = profileOf(parentChain.root().clientId());
            ChainRules.depth(
                    parentChain,
                    RealmDelegationDepth.effective(
                            rootProfile.delegationDepth(), realm.getAttribute(RealmDelegationDepth.ATTRIBUTE)));
            ChainRules.actor(
                    parentChain,
                    client.getClientId(),
                    profileOf(parentChain.current().clientId()).delegates(),
                    grant.decision()
                            .approval()
                            .map(TaskGrant.Approval::delegates)
                            .orElse(Set.of()));
            chain = parentChain.handedTo(new ActorChain.Actor(serviceAccount.getId(), client.getClientId()));

            // What the hop may have: within the parent's token, and within the grant's agent's and the sub-agent's
            // ceilings and what the person could obtain, as they are now.
            Set<String> ceiling = new LinkedHashSet<>(rootProfile.allowedScopes());
            ceiling.retainAll(profile.allowedScopes());
            Set<String> parentScopes = TaskGrant.scopes(parent.getScope());
            Set<String> scopes = ScopeDecision.granted(
                    request.scopes(), parentScopes, ceiling, PersonScopes.available(realm, user, parentScopes));
            String audienceId = ChainRules.parentAudience(
                    parent.getAudience() == null ? List.of() : Arrays.asList(parent.getAudience()));
            ClientModel audience = realm.getClientByClientId(audienceId);
            if (audience == null || !audience.isEnabled()) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_TARGET, "audience_gone", "The granted audience is no longer available");
            }
            AgentTask task = grant.task().withScopes(scopes);
            if (task.location().isEmpty()) {
                task = new AgentTask(
                        task.audience(),
                        AgentTask.defaultLocation(audience.getRootUrl(), issuer),
                        scopes,
                        task.purpose());
            }
            Set<String> audiences = new LinkedHashSet<>(rootProfile.allowedAudiences());
            audiences.retainAll(profile.allowedAudiences());
            if (!task.audience().equals(audienceId)) {
                throw SubjectTokens.refused("subject_token_audience");
            }
            AudienceDecision.check(audienceId, task.location(), audiences, request.audience(), request.resource());

            boolean dpopRequired = !"false".equals(client.getAttribute(OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS));
            DPoP proof = session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class);
            Optional<String> proofKey = Optional.ofNullable(proof).map(DPoP::getThumbprint);
            // Before the presentation is read, so a request that cannot pass burns nothing; the key is checked once the
            // presentation tells which key this hop's instance holds.
            DpopBinding.present(proofKey, dpopRequired);
            if (nonces != null && proof != null) {
                DpopNonce.require(nonces.check(proof, store.now()));
            }
            Instant issuedAt;
            Instant expiresAt;
            Optional<String> jkt;
            try {
                AttestationService attestations = session.getProvider(AttestationService.class);
                // The sub-agent's own policy; no key is pinned for it, so its presentation key is bound right here:
                // the DPoP proof must be signed by the same key (the instance key binding of this hop).
                attestation = attestations.verify(
                        AgentClients.attestationIdentity(client), request.presentation(), Optional.empty());
                jkt = DpopBinding.check(proofKey, dpopRequired, attestation.instanceKeyThumbprint());
                issuedAt = store.now();
                expiresAt = TokenLifetime.expiry(
                        issuedAt,
                        TokenLifetime.agentLifespan(client.getAttribute(OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN)),
                        ChainRules.notAfter(grant.expiresAt().orElseThrow(), Instant.ofEpochSecond(parent.getExp())),
                        attestation.identityExpiry());
                attestations.consume(attestation);
            } catch (AttestationRefused refusal) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_GRANT,
                        "attestation_" + refusal.stage().name().toLowerCase(Locale.ROOT) + ":" + refusal.reason(),
                        "The attestation presentation was not accepted");
            }

            // Every hop spends a use of the one grant: one conditional update, as for the grant's own agent.
            grant = GrantTransitions.of(session)
                    .consumeUse(grant, issuedAt, Optional.ofNullable(address))
                    .orElseThrow(() -> new ExchangeRefusal(
                            OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left"));

            TaskTokenMinter.Minted minted = new TaskTokenMinter(session, realm, client, issuer, address)
                    .mint(user, chain, grant, task, attestation, jkt, new TaskTokenClaims.Window(issuedAt, expiresAt));
            return issued(minted, scopes);
        }

        /** An agent of the chain's profile as it is now; one that no longer reads has ended the token's standing. */
        private AgentProfile profileOf(String clientId) throws ExchangeRefusal {
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

        private Response issued(TaskTokenMinter.Minted minted, Set<String> scopes) {
            Map<String, String> details = details();
            details.put(Details.TOKEN_ID, minted.jti());
            details.put(Details.SCOPE, String.join(" ", scopes));
            details.put(Details.AUDIENCE, grant.request().task().audience());
            details.put("decision", "issued");
            details.put("uses", grant.usage().uses() + "/" + grant.usage().maxUses());
            audit("token_issued", AuditTrail.Outcome.SUCCESS, details);
            event.user(grant.userId().orElse(null));
            details.forEach(event::detail);
            event.detail(Details.REQUESTED_TOKEN_TYPE, ExchangeRequest.ACCESS_TOKEN_TYPE);
            event.success();
            return answer().issued(minted, scopes);
        }

        Response refuse(ExchangeRefusal refusal) {
            Map<String, String> details = details();
            details.put(Details.REASON, refusal.reason());
            details.put("error", refusal.error().code());
            details.put("decision", "refused");
            // The audit trail is the grant's: a refusal is recorded on it only for an agent that holds a genuine,
            // verified token of the grant (anyone else leaves the event only, and cannot grow the audit table).
            if (agentEstablished && grant != null && refusal.error() != OAuthError.USE_DPOP_NONCE) {
                audit("token_refused", AuditTrail.Outcome.REFUSED, details);
                grant.userId().ifPresent(event::user);
            }
            details.forEach((name, value) -> {
                if (!name.equals("error")) {
                    event.detail(name, value);
                }
            });
            event.error(refusal.error().code());
            return answer().refused(refusal);
        }

        /** The root grant's audit record of this hop, by the calling sub-agent. */
        private void audit(String action, AuditTrail.Outcome outcome, Map<String, String> details) {
            Actor agent = Actor.agent(client.getClientId(), client.getId(), address);
            AuditTrail.of(session).record(AuditTrail.Subject.of(grant), action, outcome, agent, details);
        }

        private ExchangeAnswer answer() {
            return new ExchangeAnswer(context.getCors(), Optional.ofNullable(nonces), store::now);
        }

        /** What the audit record and the event say in both outcomes: the grant, the hop and the evidence summary. */
        private Map<String, String> details() {
            Map<String, String> details = new LinkedHashMap<>();
            if (grant != null) {
                details.put("grant_id", grant.id());
            }
            details.put("delegation", "sub_agent");
            if (chain != null) {
                details.put("hop", Integer.toString(chain.hops()));
                details.put("actor_chain", chain.clientIds());
            }
            if (attestation != null) {
                details.putAll(AttestationDetails.of(attestation));
                TaskTokenClaims.keyFacts(attestation.facts())
                        .forEach((name, value) -> details.put("fact." + name, value));
            }
            return details;
        }
    }
}
