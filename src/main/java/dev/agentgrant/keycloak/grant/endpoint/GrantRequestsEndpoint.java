package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.attestation.service.AttestationRefused;
import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.attestation.service.AttestationService;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.AgentTask;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AttestationDetails;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.request.GrantRequest;
import dev.agentgrant.keycloak.grant.request.GrantRequestValidator;
import dev.agentgrant.keycloak.grant.request.InvalidRequest;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.grant.store.NewGrant;
import dev.agentgrant.keycloak.notice.Notice;
import dev.agentgrant.keycloak.notice.Notices;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.NoStoreJson;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.OutageGuard;
import dev.agentgrant.keycloak.support.UrlEncodedForm;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code POST /realms/{realm}/agent-grant/requests} (docs/wire-contract.md, "Request a grant"): an agent asks a human to approve one task.
 *
 * <p>Order, nothing after a failure runs: client authentication → the agent's standing and profile → every form
 * parameter against the profile → the pending-request limits → the attestation presentation through the attestation
 * service (which writes the presentation's replay entry last, so a request refused earlier burns nothing) → the
 * pending grant, pinned to the presentation's instance key, with the verified facts the human will see.
 *
 * <p>A request the database cannot serve is answered 503 {@code temporarily_unavailable} ({@link OutageGuard}) and
 * leaves nothing behind. Keycloak events: {@code OAUTH2_DEVICE_AUTH} / {@code OAUTH2_DEVICE_AUTH_ERROR} — the device authorization
 * request is this request's closest built-in kin (RFC 8628 §3.1).
 */
public final class GrantRequestsEndpoint {

    private final KeycloakSession session;
    private final RealmModel realm;

    public GrantRequestsEndpoint(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response request() {
        return OutageGuard.forAgent(session, "grant request", this::answer);
    }

    private Response answer() {
        EventBuilder event = new EventBuilder(
                        realm, session, session.getContext().getConnection())
                .event(EventType.OAUTH2_DEVICE_AUTH);
        if (!FormRequests.isForm(session)) {
            event.detail(Details.REASON, "not_form_encoded").error(Errors.INVALID_REQUEST);
            return NoStoreJson.error(
                            OAuthError.INVALID_REQUEST, "The request must be application/x-www-form-urlencoded")
                    .build();
        }
        AgentCaller agent;
        try {
            agent = AgentCaller.authenticate(session, event);
        } catch (AgentCaller.Refused refused) {
            return refused.response();
        }
        ClientModel client = agent.client();
        String address = session.getContext().getConnection().getRemoteAddr();
        String issuer = AgentGrantPaths.realmIssuer(session, realm);
        GrantRequestValidator validator = new GrantRequestValidator(
                clientId -> realm.getClientByClientId(clientId) != null,
                clientId -> location(realm.getClientByClientId(clientId), issuer));

        GrantRequest request;
        try {
            request = validator.validate(agent.profile(), FormRequests.form(session));
        } catch (InvalidRequest invalid) {
            return refuse(
                    event,
                    agent,
                    new Refusal(
                            invalid.reason(),
                            Errors.INVALID_REQUEST,
                            invalid.error(),
                            invalid.description(),
                            Map.of()));
        }
        event.detail(Details.AUDIENCE, request.audience()).detail(Details.SCOPE, request.scope());

        GrantSearch store = GrantSearch.of(session);
        if (store.countPending(realm.getId(), client.getId()) >= agent.profile().maxPendingRequests()) {
            return refuse(
                    event,
                    agent,
                    new Refusal(
                            "too_many_pending",
                            Errors.NOT_ALLOWED,
                            OAuthError.INVALID_REQUEST,
                            "This agent has " + agent.profile().maxPendingRequests()
                                    + " requests waiting for approval, its maximum",
                            Map.of()));
        }
        if (request.loginHint().isPresent()
                && store.countPendingFor(
                                realm.getId(),
                                client.getId(),
                                request.loginHint().get())
                        >= agent.profile().maxPendingRequestsPerUser()) {
            return refuse(
                    event,
                    agent,
                    new Refusal(
                            "too_many_pending_for_user",
                            Errors.NOT_ALLOWED,
                            OAuthError.INVALID_REQUEST,
                            "This agent has " + agent.profile().maxPendingRequestsPerUser()
                                    + " requests waiting for approval by this person, its maximum",
                            Map.of()));
        }

        AttestationResult attestation;
        try {
            AttestationService attestations = session.getProvider(AttestationService.class);
            attestation = attestations.verify(AgentClients.attestationIdentity(client), request.actorToken());
            attestations.consume(attestation);
        } catch (AttestationRefused refusal) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("attestation_stage", refusal.stage().name().toLowerCase(Locale.ROOT));
            refusal.source().ifPresent(source -> details.put("attestation_source", source));
            details.put("attestation_detail", refusal.getMessage());
            return refuse(
                    event,
                    agent,
                    new Refusal(
                            refusal.reason(),
                            Errors.INVALID_TOKEN,
                            OAuthError.INVALID_GRANT,
                            "The attestation presentation was not accepted",
                            details));
        }

        AgentTask task = new AgentTask(
                request.audience(),
                location(realm.getClientByClientId(request.audience()), issuer),
                request.scopes(),
                request.purpose());
        NewGrant grant = new NewGrant(
                realm.getId(),
                new TaskGrant.Agent(client.getId(), client.getClientId(), attestation.instanceKeyThumbprint()),
                task,
                new NewGrant.Terms(
                        request.lifetime(),
                        request.maxUses(),
                        request.loginHint(),
                        Optional.ofNullable(address),
                        agent.profile().approvalTimeout()),
                new TaskGrant.Evidence(
                        attestation.facts(),
                        attestation.sources(),
                        attestation.policyId(),
                        attestation.policyVersion(),
                        attestation.jti(),
                        attestation.identityExpiry()));
        Map<String, String> details = AttestationDetails.of(attestation);
        details.put(Details.AUDIENCE, request.audience());
        details.put(Details.SCOPE, request.scope());
        details.put("max_uses", Integer.toString(request.maxUses()));
        details.put("requested_lifetime", Long.toString(request.lifetime().getSeconds()));
        request.loginHint().ifPresent(hint -> details.put("login_hint", hint));
        GrantStore.Created created = GrantTransitions.of(session)
                .request(
                        grant,
                        GrantTransitions.Change.by(Actor.agent(client.getClientId(), client.getId(), address), details)
                                .reportedTo(event));

        String verificationUri = AgentGrantPaths.realmEndpoint(issuer, AgentGrantPaths.VERIFY);
        // The person the hint names hears of the request by email after the commit, if the realm sends notices. The
        // answer is the same whether or not the hint names anybody: who has an account is not the agent's to learn.
        request.loginHint()
                .ifPresent(hint -> Notices.of(session)
                        .add(new Notice.RequestWaiting(
                                realm.getId(),
                                hint,
                                new Notice.Agent(client.getId(), client.getClientId()),
                                request.purpose(),
                                created.userCode(),
                                verificationUri,
                                AgentGrantPaths.verificationUriComplete(verificationUri, created.userCode()),
                                created.grant().request().approvalExpiresAt())));
        return NoStoreJson.answer(
                        Response.Status.CREATED,
                        GrantDocuments.created(
                                created.grant(),
                                created.userCode(),
                                verificationUri,
                                GrantStore.of(session).now()))
                .build();
    }

    /**
     * The answer to a request whose query or form cannot be read (bad percent-encoding, bytes that are not UTF-8, too
     * large): 400 {@code invalid_request} and an {@code OAUTH2_DEVICE_AUTH_ERROR} event. No client was authenticated,
     * so there is no agent to write an audit record for; nothing else happened.
     */
    public static Response malformed(KeycloakSession session, UrlEncodedForm.Malformed malformed) {
        RealmModel realm = session.getContext().getRealm();
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.OAUTH2_DEVICE_AUTH)
                .detail(Details.REASON, malformed.reason())
                .error(Errors.INVALID_REQUEST);
        return NoStoreJson.error(OAuthError.INVALID_REQUEST, malformed.getMessage())
                .build();
    }

    /**
     * RFC 9396 §2 {@code locations} of an {@code agent_task}: the audience client's Root URL when it has one, otherwise
     * the realm issuer (the audience is a client of this realm).
     */
    static String location(ClientModel audience, String issuer) {
        if (audience == null) {
            return null;
        }
        return AgentTask.defaultLocation(audience.getRootUrl(), issuer);
    }

    /**
     * The refusal as an error event, and in its own audit record when the caller is an agent: a confidential client
     * that is no agent ({@code agent-grant.enabled} off) leaves the event only, so only agents an admin set up can
     * add to the audit trail. Nothing else was written.
     */
    private Response refuse(EventBuilder event, AgentCaller agent, Refusal refusal) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Details.REASON, refusal.reason());
        details.putAll(refusal.details());
        if (agent.profile().enabled()) {
            String clientId = agent.client().getClientId();
            AuditTrail.of(session)
                    .record(
                            AuditTrail.Subject.request(realm.getId(), clientId),
                            "request_refused",
                            AuditTrail.Outcome.REFUSED,
                            Actor.agent(
                                    clientId,
                                    agent.client().getId(),
                                    session.getContext().getConnection().getRemoteAddr()),
                            details);
        }
        details.forEach(event::detail);
        event.error(refusal.eventError());
        return NoStoreJson.error(refusal.error(), refusal.description()).build();
    }

    /** Why a request is refused: the event's error and reason, the OAuth error answered (RFC 6749 §5.2), details. */
    private record Refusal(
            String reason, String eventError, OAuthError error, String description, Map<String, String> details) {}
}
