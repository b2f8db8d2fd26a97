package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.attestation.service.AttestationRefused;
import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.attestation.service.AttestationService;
import dev.agentgrant.keycloak.delegation.ActorChain;
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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.util.DPoPUtil;

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
 * established agent was refused for a grant of its own ({@link ExchangeAudit}).
 */
public final class TaskGrantExchangeProvider implements TokenExchangeProvider {

    private static final Logger LOG = Logger.getLogger(TaskGrantExchangeProvider.class);

    private final KeycloakSession session;

    TaskGrantExchangeProvider(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Claims every token exchange that names one of the extension's token types, so that one without the other is
     * refused here rather than handed to Keycloak's standard exchange (which ignores {@code actor_token}). Never
     * throws: Keycloak asks every provider in turn.
     */
    @Override
    public boolean supports(TokenExchangeContext context) {
        try {
            return context.getFormParams() != null && ExchangeRequest.namesOurTokenTypes(context.getFormParams());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        Exchange exchange = new Exchange(context);
        try {
            return exchange.run();
        } catch (ExchangeRefusal refusal) {
            return exchange.refuse(refusal);
        }
    }

    @Override
    public void close() {}

    /** One exchange request: what is known so far, for the audit record and event of its outcome. */
    private final class Exchange {

        private final TokenExchangeContext context;
        private final RealmModel realm;
        private final ClientModel client;
        private final EventBuilder event;
        private final Cors cors;
        private final GrantStore store;
        private final String address;
        private TaskGrant grant;
        /** The caller passed the agent checks: a confidential, enabled agent with a readable profile. */
        private boolean agentEstablished;

        private AttestationResult attestation;
        private Instant issuedAt;
        private Instant expiresAt;
        /** Set for an agent that requires DPoP nonces: every answer to it then carries a fresh one (RFC 9449 §8.2). */
        private DpopNonces nonces;

        Exchange(TokenExchangeContext context) {
            this.context = context;
            this.realm = context.getRealm();
            this.client = context.getClient();
            this.event = context.getEvent();
            this.cors = context.getCors();
            this.store = GrantStore.of(session);
            this.address = context.getClientConnection() == null
                    ? null
                    : context.getClientConnection().getRemoteAddr();
        }

        Response run() throws ExchangeRefusal {
            AgentProfile profile = agent();
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
            ExchangeRequest request = ExchangeRequest.parse(context.getFormParams());

            Instant now = store.now();
            Optional<TaskGrant> found = store.find(realm.getId(), request.grantId());
            found.ifPresent(g -> grant = g);
            if (GrantStanding.of(found, client.getId(), now) == GrantStanding.PENDING) {
                throw PendingPoll.answer(session, grant, now);
            }

            UserModel user = person();
            ClientModel audience =
                    realm.getClientByClientId(grant.request().task().audience());
            if (audience == null || !audience.isEnabled()) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_TARGET, "audience_gone", "The granted audience is no longer available");
            }
            Set<String> scopes = ScopeDecision.granted(
                    request.scopes(),
                    grant.effectiveScopes(),
                    profile.allowedScopes(),
                    PersonScopes.available(realm, user, grant.effectiveScopes()));
            String issuer = AgentGrantPaths.realmIssuer(session, realm);
            AgentTask task = grant.task().withScopes(scopes);
            if (task.location().isEmpty()) {
                // A grant whose kept task names no location: the audience's URI, as at request time.
                task = new AgentTask(
                        task.audience(),
                        AgentTask.defaultLocation(audience.getRootUrl(), issuer),
                        scopes,
                        task.purpose());
            }
            AudienceDecision.check(
                    task.audience(),
                    task.location(),
                    profile.allowedAudiences(),
                    request.audience(),
                    request.resource());

            DPoP proof = session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class);
            Optional<String> jkt = DpopBinding.check(
                    Optional.ofNullable(proof).map(DPoP::getThumbprint),
                    !"false".equals(client.getAttribute(OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS)),
                    grant.agent().instanceKeyThumbprint());
            if (nonces != null && proof != null) {
                DpopNonce.require(nonces.check(proof, store.now()));
            }

            // The token's lifetime rests on the verified evidence, and a refusal for it must not burn the
            // presentation: it is decided after the policy and before the replay entry is written.
            try {
                AttestationService attestations = session.getProvider(AttestationService.class);
                attestation = attestations.verify(
                        AgentClients.attestationIdentity(client),
                        request.presentation(),
                        Optional.of(grant.agent().instanceKeyThumbprint()));
                issuedAt = store.now();
                expiresAt = TokenLifetime.expiry(
                        issuedAt,
                        TokenLifetime.agentLifespan(client.getAttribute(OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN)),
                        grant.expiresAt().orElseThrow(),
                        attestation.identityExpiry());
                attestations.consume(attestation);
            } catch (AttestationRefused refusal) {
                throw new ExchangeRefusal(
                        OAuthError.INVALID_GRANT,
                        "attestation_" + refusal.stage().name().toLowerCase(Locale.ROOT) + ":" + refusal.reason(),
                        "The attestation presentation was not accepted");
            }

            // Another exchange may have taken the last use (or the grant ended) since it was read.
            grant = GrantTransitions.of(session)
                    .consumeUse(grant, issuedAt, Optional.ofNullable(address))
                    .orElseThrow(() -> new ExchangeRefusal(
                            OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left"));

            TaskTokenMinter.Minted minted = new TaskTokenMinter(session, realm, client, issuer, address)
                    .mint(
                            user,
                            ActorChain.of(new ActorChain.Actor(serviceAccount.getId(), client.getClientId())),
                            grant,
                            task,
                            attestation,
                            jkt,
                            new TaskTokenClaims.Window(issuedAt, expiresAt));
            return issued(minted, scopes);
        }

        /** The calling client as an agent (confidential, enabled), then not suspended ({@link ExchangeParties}). */
        private AgentProfile agent() throws ExchangeRefusal {
            AgentProfile profile = ExchangeParties.agent(client);
            agentEstablished = true;
            ExchangeParties.notSuspended(profile);
            return profile;
        }

        private UserModel person() throws ExchangeRefusal {
            return ExchangeParties.person(session, realm, grant);
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
            boolean grantOfCaller = grant != null && grant.agent().id().equals(client.getId());
            if (ExchangeAudit.recordsRefusal(agentEstablished, grantOfCaller, refusal.error())) {
                audit("token_refused", AuditTrail.Outcome.REFUSED, details);
            }
            if (!ExchangeAudit.reportsRefusalAsErrorEvent(refusal.error())) {
                LOG.debugf(
                        "Agent Grant: %s polled grant %s in realm %s: %s",
                        client.getClientId(),
                        details.get("grant_id"),
                        realm.getName(),
                        refusal.error().code());
                return answer().refused(refusal);
            }
            if (grantOfCaller) {
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

        /** The grant's audit record of this exchange, by the calling agent. */
        private void audit(String action, AuditTrail.Outcome outcome, Map<String, String> details) {
            Actor agent = Actor.agent(client.getClientId(), client.getId(), address);
            AuditTrail.of(session).record(AuditTrail.Subject.of(grant), action, outcome, agent, details);
        }

        /** The answer's headers: CORS, and a fresh DPoP nonce for an agent that requires them (RFC 9449 §8). */
        private ExchangeAnswer answer() {
            return new ExchangeAnswer(cors, Optional.ofNullable(nonces), store::now);
        }

        /** What the audit record and the event say in both outcomes: the grant and the evidence summary. */
        private Map<String, String> details() {
            Map<String, String> details = new LinkedHashMap<>();
            if (grant != null) {
                details.put("grant_id", grant.id());
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
