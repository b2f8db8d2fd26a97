package dev.agentgrant.keycloak.grant.endpoint;

import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.request.GrantRequestParameters;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.NoStoreJson;
import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.OutageGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * An agent's own grants: {@code GET /realms/{realm}/agent-grant/grants/{id}} (status; {@code POST} to the same path
 * for client authenticators that send their credentials in the form body, such as {@code private_key_jwt}) and
 * {@code POST …/grants/{id}/revoke}. A grant of another agent answers exactly like one that does not exist.
 *
 * <p>Revocation is idempotent like RFC 7009 §2.2: revoking a grant that has already ended answers with its state and
 * changes nothing. A pending request cannot be revoked (the state machine has no such edge); it expires unless a
 * human decides. A request the database cannot serve is answered 503 {@code temporarily_unavailable} ({@link
 * OutageGuard}). Keycloak events: {@code REVOKE_GRANT} / {@code REVOKE_GRANT_ERROR}.
 */
public final class AgentGrantsEndpoint {

    private final KeycloakSession session;
    private final RealmModel realm;

    public AgentGrantsEndpoint(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("id") String id) {
        return OutageGuard.forAgent(session, "grant status", () -> statusOf(id));
    }

    @POST
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response statusByForm(@PathParam("id") String id) {
        return OutageGuard.forAgent(session, "grant status", () -> statusOf(id));
    }

    private Response statusOf(String id) {
        // Polling is frequent and reads nothing: no event unless authentication fails (Keycloak's processor reports
        // that).
        EventBuilder event =
                new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.CLIENT_LOGIN);
        OwnGrant lookup;
        try {
            lookup = ownGrant(event, id);
        } catch (AgentCaller.Refused refused) {
            return refused.response();
        }
        return lookup.grant().map(this::statusDocument).orElseGet(AgentGrantsEndpoint::unknownGrant);
    }

    @POST
    @Path("{id}/" + AgentGrantPaths.REVOKE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("id") String id) {
        return OutageGuard.forAgent(session, "grant revocation", () -> revokeOwn(id));
    }

    private Response revokeOwn(String id) {
        EventBuilder event =
                new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.REVOKE_GRANT);
        OwnGrant lookup;
        try {
            lookup = ownGrant(event, id);
        } catch (AgentCaller.Refused refused) {
            return refused.response();
        }
        AgentCaller agent = lookup.agent();
        Optional<TaskGrant> found = lookup.grant();
        if (found.isEmpty()) {
            event.detail(Details.REASON, "unknown_grant").error(Errors.INVALID_REQUEST);
            return unknownGrant();
        }
        TaskGrant grant = found.get();
        event.detail("grant_id", grant.id());
        if (grant.status() == GrantStatus.PENDING) {
            event.detail(Details.REASON, "pending").error(Errors.INVALID_REQUEST);
            return NoStoreJson.error(
                            OAuthError.INVALID_REQUEST,
                            "A pending request cannot be revoked; it expires unless a person approves it")
                    .build();
        }
        Actor actor = Actor.agent(
                agent.client().getClientId(),
                agent.client().getId(),
                session.getContext().getConnection().getRemoteAddr());
        grant.userId().ifPresent(event::user);
        GrantTransitions.of(session)
                .revoke(
                        AuditTrail.Subject.of(grant),
                        "revoked_by_agent",
                        GrantTransitions.Change.ending(actor, grant.id(), "revoked_by_agent")
                                .reportedTo(event));
        return statusDocument(GrantStore.of(session).reload(grant.id()));
    }

    private Response statusDocument(TaskGrant grant) {
        return NoStoreJson.answer(
                        Response.Status.OK,
                        GrantDocuments.status(grant, GrantStore.of(session).now()))
                .build();
    }

    /** The request's shape (client authentication only), then the authenticated agent. */
    private AgentCaller caller(EventBuilder event) throws AgentCaller.Refused {
        Optional<Response> badShape = onlyClientAuthentication();
        if (badShape.isPresent()) {
            event.detail(Details.REASON, "invalid_request").error(Errors.INVALID_REQUEST);
            throw new AgentCaller.Refused(badShape.get());
        }
        return AgentCaller.authenticate(session, event);
    }

    /** The authenticated agent, and the grant by that id if it is the agent's own. */
    private record OwnGrant(AgentCaller agent, Optional<TaskGrant> grant) {}

    private OwnGrant ownGrant(EventBuilder event, String id) throws AgentCaller.Refused {
        AgentCaller agent = caller(event);
        return new OwnGrant(
                agent,
                GrantStore.of(session)
                        .find(realm.getId(), id)
                        .filter(grant ->
                                grant.agent().id().equals(agent.client().getId())));
    }

    private static Response unknownGrant() {
        // The same answer for a grant that does not exist and one of another agent: nothing to probe.
        return NoStoreJson.error(Response.Status.NOT_FOUND, OAuthError.INVALID_GRANT, "No such grant for this agent")
                .build();
    }

    /** These endpoints take no parameters of their own; anything but client authentication is refused, not ignored. */
    private Optional<Response> onlyClientAuthentication() {
        Map<String, List<String>> query = session.getContext().getUri().getQueryParameters();
        if (!query.isEmpty()) {
            return Optional.of(NoStoreJson.error(OAuthError.INVALID_REQUEST, "This endpoint takes no query parameters")
                    .build());
        }
        if (FormRequests.isForm(session)) {
            for (Map.Entry<String, List<String>> parameter :
                    FormRequests.form(session).entrySet()) {
                if (!GrantRequestParameters.CLIENT_AUTHENTICATION.contains(parameter.getKey())) {
                    return Optional.of(NoStoreJson.error(
                                    OAuthError.INVALID_REQUEST,
                                    "This endpoint takes only client authentication parameters")
                            .build());
                }
                if (parameter.getValue().size() > 1) {
                    return Optional.of(NoStoreJson.error(
                                    OAuthError.INVALID_REQUEST, "Parameter " + parameter.getKey() + " is repeated")
                            .build());
                }
            }
        }
        return Optional.empty();
    }
}
