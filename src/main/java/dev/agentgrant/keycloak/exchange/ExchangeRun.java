package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.attestation.service.AttestationRefused;
import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.attestation.service.AttestationService;
import dev.agentgrant.keycloak.delegation.ActorChain;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.OAuthError;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.util.DPoPUtil;

/**
 * One exchange request and the steps both exchanges take on it: the calling agent, the granted audience and task, the
 * DPoP proof, the attestation presentation and the token's lifetime, a use of the grant, the token. What each step
 * learns (the agent established, the grant, the verified evidence, the exchange's own details) is kept for the audit
 * record and the event of the outcome ({@link ExchangeOutcome}): {@link #issue}, or a refusal.
 */
public final class ExchangeRun {

    /** Who calls an exchange, as far as the grant is concerned: whether a refusal is the caller's to have recorded. */
    public enum Caller {
        /**
         * The grant's own agent (the task-grant exchange): the grant the request names is the caller's when its agent
         * is the calling client, and an error event then names the grant's person.
         */
        GRANT_AGENT,
        /**
         * A sub-agent (the sub-agent exchange): the grant is the one of the verified task token it presents, and an
         * error event names the grant's person when the refusal is recorded on the grant.
         */
        SUB_AGENT
    }

    private final KeycloakSession session;
    private final TokenExchangeContext context;
    private final RealmModel realm;
    private final ClientModel client;
    private final GrantStore store;
    private final String address;
    private final ExchangeOutcome outcome;
    private UserModel serviceAccount;

    ExchangeRun(KeycloakSession session, TokenExchangeContext context, Caller caller, Class<?> logCategory) {
        this.session = session;
        this.context = context;
        this.realm = context.getRealm();
        this.client = context.getClient();
        this.store = GrantStore.of(session);
        this.address = context.getClientConnection() == null
                ? null
                : context.getClientConnection().getRemoteAddr();
        this.outcome = new ExchangeOutcome(session, context, address, store::now, caller, logCategory);
    }

    public Map<String, List<String>> form() {
        return context.getFormParams();
    }

    public RealmModel realm() {
        return realm;
    }

    public ClientModel client() {
        return client;
    }

    /** The realm's issuer as this request sees it. */
    public String issuer() {
        return AgentGrantPaths.realmIssuer(session, realm);
    }

    public Instant now() {
        return store.now();
    }

    GrantStore store() {
        return store;
    }

    /**
     * The calling client as an agent (confidential, enabled), then not suspended ({@link ExchangeParties}), with a
     * service account to act as. From the nonce requirement on, every answer to an agent that requires DPoP nonces
     * carries a fresh one.
     */
    public AgentProfile establishAgent() throws ExchangeRefusal {
        AgentProfile profile = ExchangeParties.agent(client);
        outcome.agentEstablished();
        ExchangeParties.notSuspended(profile);
        if (profile.dpopNonceRequired()) {
            outcome.nonces(new DpopNonces(session, realm, client.getId()));
        }
        serviceAccount = session.users().getServiceAccount(client);
        if (serviceAccount == null) {
            throw new ExchangeRefusal(
                    OAuthError.UNAUTHORIZED_CLIENT, "no_service_account", "The agent has no service account to act as");
        }
        return profile;
    }

    /** The calling agent as the token's acting party ({@code act}, RFC 8693 §4.1): its service account. */
    public ActorChain.Actor actor() {
        return new ActorChain.Actor(serviceAccount.getId(), client.getClientId());
    }

    /** The grant the request leads to, once read, whether the caller's or not: its id goes into the event. */
    public void grant(TaskGrant grant) {
        outcome.grant(grant);
    }

    public TaskGrant grant() {
        return outcome.grant();
    }

    /** One of the exchange's own details for the audit record and the event of its outcome. */
    public void detail(String name, String value) {
        outcome.detail(name, value);
    }

    /** The client the task is for, still there and enabled. */
    public ClientModel audience(String clientId) throws ExchangeRefusal {
        ClientModel audience = realm.getClientByClientId(clientId);
        if (audience == null || !audience.isEnabled()) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_TARGET, "audience_gone", "The granted audience is no longer available");
        }
        return audience;
    }

    /** The grant's task with the scopes this token gets. */
    public AgentTask task(Set<String> scopes, ClientModel audience) {
        AgentTask task = grant().task().withScopes(scopes);
        if (task.location().isEmpty()) {
            // A grant whose kept task names no location: the audience's URI, as at request time.
            task = new AgentTask(
                    task.audience(),
                    AgentTask.defaultLocation(audience.getRootUrl(), issuer()),
                    scopes,
                    task.purpose());
        }
        return task;
    }

    /** The key of the request's DPoP proof, which Keycloak has already validated (RFC 9449 §4.3). */
    public Optional<String> dpopKey() {
        return Optional.ofNullable(dpopProof()).map(DPoP::getThumbprint);
    }

    /** DPoP is required unless the admin turned DPoP-bound tokens off for the agent. */
    public boolean dpopRequired() {
        return !"false".equals(client.getAttribute(OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS));
    }

    /** For an agent that requires DPoP nonces, the proof carries a fresh one of its own (RFC 9449 §8). */
    public void checkDpopNonce() throws ExchangeRefusal {
        DPoP proof = dpopProof();
        Optional<DpopNonces> nonces = outcome.nonces();
        if (nonces.isPresent() && proof != null) {
            DpopNonce.require(nonces.get().check(proof, store.now()));
        }
    }

    private DPoP dpopProof() {
        return session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class);
    }

    /**
     * The attestation presentation through the calling agent's policy ({@link AttestationService}), held to the given
     * instance key if one is pinned. Nothing is spent yet: the replay entry is written by {@link #window}.
     */
    public AttestationResult attest(String presentation, Optional<String> pinnedKey) throws ExchangeRefusal {
        try {
            AttestationResult attestation = session.getProvider(AttestationService.class)
                    .verify(AgentClients.attestationIdentity(client), presentation, pinnedKey);
            outcome.attestation(attestation);
            return attestation;
        } catch (AttestationRefused refusal) {
            throw presentationRefused(refusal);
        }
    }

    /**
     * The token's window ({@link TokenLifetime}: from now, within the agent's lifespan, {@code notAfter} and the
     * evidence's expiry), then the presentation's replay entry. The lifetime rests on the verified evidence, and a
     * refusal for it must not burn the presentation: it is decided after the policy and before the entry is written.
     */
    public TaskTokenClaims.Window window(Instant notAfter) throws ExchangeRefusal {
        AttestationResult attestation = outcome.attestation();
        Instant issuedAt = store.now();
        Instant expiresAt = TokenLifetime.expiry(
                issuedAt,
                TokenLifetime.agentLifespan(client.getAttribute(OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN)),
                notAfter,
                attestation.identityExpiry());
        try {
            session.getProvider(AttestationService.class).consume(attestation);
        } catch (AttestationRefused refusal) {
            throw presentationRefused(refusal);
        }
        return new TaskTokenClaims.Window(issuedAt, expiresAt);
    }

    private static ExchangeRefusal presentationRefused(AttestationRefused refusal) {
        return new ExchangeRefusal(
                OAuthError.INVALID_GRANT,
                "attestation_" + refusal.stage().name().toLowerCase(Locale.ROOT) + ":" + refusal.reason(),
                "The attestation presentation was not accepted");
    }

    /** One conditional update consuming a use of the grant ({@link GrantTransitions#consumeUse}). */
    public void consumeUse(Instant at) throws ExchangeRefusal {
        outcome.grant(GrantTransitions.of(session)
                .consumeUse(grant(), at, Optional.ofNullable(address))
                .orElseThrow(() -> new ExchangeRefusal(
                        OAuthError.INVALID_GRANT, "grant_exhausted", "The task grant has no uses left")));
    }

    /**
     * Mints the token ({@link TaskTokenMinter}) and answers with it: the grant's {@code token_issued} record, the
     * {@code TOKEN_EXCHANGE} event, the token response.
     *
     * @param chain the token's actors: the grant's agent, then each agent it was handed to, the caller last
     */
    public Response issue(
            UserModel user,
            ActorChain chain,
            AgentTask task,
            Optional<String> jkt,
            TaskTokenClaims.Window window,
            Set<String> scopes) {
        TaskTokenMinter.Minted minted = new TaskTokenMinter(session, realm, client, issuer(), address)
                .mint(user, chain, grant(), task, outcome.attestation(), jkt, window);
        return outcome.issued(minted, scopes);
    }

    Response refused(ExchangeRefusal refusal) {
        return outcome.refused(refusal);
    }
}
