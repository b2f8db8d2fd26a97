package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.AgentStandingSignals;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/agents}: the realm's agent clients (README.md, "Agent administration").
 * Listing and reading need Keycloak's permission to view clients, as its own client list does (a caller who may view
 * only some clients sees only those); making, changing or unmaking an agent needs manage permission on that client
 * (and on clients at large to create one). Every change is validated in full before anything is written, answered
 * with every problem at once, and recorded as an admin event.
 *
 * <p>Suspension is the client attribute {@code agent-grant.suspended}: a suspended agent gets no new grant requests
 * and no new tokens until resumed; its grants stay as they are, so resuming does not need anyone to approve again. The
 * receivers of its grants' audiences are told either way (README.md, "Revocation push").
 */
public final class AgentsAdminResource {

    /** The end reason of the grants of a client that stopped being an agent. */
    static final String PROFILE_REMOVED = "agent_profile_removed";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public AgentsAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    /** {@code ?search=&owner=&suspended=&active=&first=&max=}, by client_id (see {@link AgentListQuery}). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.clients().requireList();
        AgentListQuery query;
        try {
            query = AgentListQuery.parse(session.getContext().getUri().getQueryParameters());
        } catch (InvalidAdminRequest e) {
            throw AdminResponses.invalidRequest(e.description());
        }
        return AdminResponses.ok(AgentListPage.answer(session, realm, auth, query));
    }

    /** One agent: its {@code agent-grant.*} attributes as stored, its profile, every problem, its active grants. */
    @GET
    @Path("{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("clientId") String clientId) {
        ClientModel client = agent(clientId);
        auth.clients().requireView(client);
        return AdminResponses.ok(detail(client));
    }

    /**
     * Makes an existing client an agent, or creates a new agent client ({@code "new_client": true}) set up as README.md
     * "Agent clients" describes: confidential with a generated secret, a service account, no browser or password
     * flows, full scope off. Answers 201 with the agent.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        auth.clients().requireList();
        AgentWriteRequest request = AgentWriteRequest.creation(body);
        List<Problem> problems = new ArrayList<>(request.problems());
        ClientModel existing =
                request.clientId().map(realm::getClientByClientId).orElse(null);
        AgentFacts facts;
        if (request.newClient()) {
            auth.clients().requireManage();
            if (existing != null) {
                problems.add(new Problem(
                        AgentWriteRequest.CLIENT_ID,
                        "a client " + request.clientId().get()
                                + " exists already; make it an agent without new_client"));
            }
            facts = AgentClientFacts.ofNewClient(request);
        } else if (existing != null) {
            auth.clients().requireManage(existing);
            if (AgentView.isAgent(existing.getAttributes())) {
                problems.add(new Problem(
                        AgentWriteRequest.CLIENT_ID,
                        existing.getClientId() + " is an agent already; change its profile with PUT "
                                + AgentGrantPaths.adminPath(realm.getName(), AgentGrantPaths.AGENTS) + "/"
                                + existing.getClientId()));
            }
            facts = AgentClientFacts.of(existing)
                    .withAttributes(request.resultingAttributes(AgentClientFacts.attributes(existing), false));
        } else {
            if (request.clientId().isPresent()) {
                problems.add(new Problem(
                        AgentWriteRequest.CLIENT_ID,
                        "no client " + request.clientId().get()
                                + " in this realm; set new_client to true to create one"));
            }
            // The attributes are still judged, so that one answer lists every problem.
            facts = AgentClientFacts.ofNewClient(request);
        }
        problems.addAll(AgentView.of(facts).problems());
        problems.addAll(DelegateCheck.problems(facts.clientId(), facts.attributes(), this::standing));
        refuseIfAny(problems);

        ClientModel client =
                request.newClient() ? AgentClientCreation.create(session, realm, auth, adminEvent, request) : existing;
        if (!request.newClient()) {
            AgentClientFacts.replaceAgentAttributes(
                    client, request.resultingAttributes(AgentClientFacts.attributes(client), false));
        }
        Map<String, Object> answer = detail(client);
        adminEvent
                .operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri(), client.getClientId())
                .representation(answer)
                .detail("client_id", client.getClientId())
                .success();
        return Response.fromResponse(AdminResponses.ok(answer))
                .status(Response.Status.CREATED)
                .location(session.getContext()
                        .getUri()
                        .getAbsolutePathBuilder()
                        .path(client.getClientId())
                        .build())
                .build();
    }

    /**
     * Replaces the agent's {@code agent-grant.*} attributes with the body's; {@code agent-grant.enabled} stays
     * {@code true}, and a suspension stays as it is unless the body names {@code agent-grant.suspended}.
     */
    @PUT
    @Path("{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("clientId") String clientId, String body) {
        ClientModel client = agent(clientId);
        auth.clients().requireManage(client);
        AgentWriteRequest request = AgentWriteRequest.replacement(body);
        List<Problem> problems = new ArrayList<>(request.problems());
        Map<String, String> resulting = request.resultingAttributes(AgentClientFacts.attributes(client), true);
        problems.addAll(AgentView.of(AgentClientFacts.of(client).withAttributes(resulting))
                .problems());
        problems.addAll(DelegateCheck.problems(client.getClientId(), resulting, this::standing));
        refuseIfAny(problems);
        AgentClientFacts.replaceAgentAttributes(client, resulting);
        AgentStandingSignals.check(session, client);
        Map<String, Object> answer = detail(client);
        adminEvent
                .operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .detail("client_id", client.getClientId())
                .success();
        return AdminResponses.ok(answer);
    }

    /**
     * Stops the client being an agent: removes every {@code agent-grant.*} attribute and ends what the agent still
     * holds — approved grants revoked, waiting requests denied, each with an audit record ({@value #PROFILE_REMOVED})
     * — as when the client is deleted. Grants that name the client as their audience are not its own and stay.
     */
    @DELETE
    @Path("{clientId}/" + AgentGrantPaths.PROFILE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response removeProfile(@PathParam("clientId") String clientId) {
        ClientModel client = agent(clientId);
        auth.clients().requireManage(client);
        Set<String> removed = new TreeSet<>(
                AgentView.agentAttributes(AgentClientFacts.attributes(client)).keySet());
        removed.forEach(client::removeAttribute);
        GrantTransitions transitions = GrantTransitions.of(session);
        int revoked = 0;
        int denied = 0;
        for (GrantSearch.OpenGrant grant : GrantSearch.of(session).openOfAgent(realm.getId(), client.getId())) {
            AuditTrail.Subject subject = AuditTrail.Subject.grant(realm.getId(), grant.id(), grant.agentClientId());
            GrantTransitions.Change change = AdminChanges.of(session, auth, grant.id(), PROFILE_REMOVED);
            if (grant.status() == GrantStatus.APPROVED && transitions.revoke(subject, PROFILE_REMOVED, change)) {
                revoked++;
            } else if (grant.status() == GrantStatus.PENDING && transitions.deny(subject, PROFILE_REMOVED, change)) {
                denied++;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", client.getClientId());
        answer.put("removed_attributes", List.copyOf(removed));
        answer.put("revoked", revoked);
        answer.put("denied", denied);
        adminEvent
                .operation(OperationType.DELETE)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .detail("client_id", client.getClientId())
                .detail("revoked", Integer.toString(revoked))
                .detail("denied", Integer.toString(denied))
                .success();
        return AdminResponses.ok(answer);
    }

    @POST
    @Path("{clientId}/" + AgentGrantPaths.SUSPEND)
    @Produces(MediaType.APPLICATION_JSON)
    public Response suspend(@PathParam("clientId") String clientId) {
        return setSuspended(clientId, true);
    }

    @POST
    @Path("{clientId}/" + AgentGrantPaths.RESUME)
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("clientId") String clientId) {
        return setSuspended(clientId, false);
    }

    private Response setSuspended(String clientId, boolean suspended) {
        ClientModel client = agent(clientId);
        auth.clients().requireManage(client);
        client.setAttribute(AgentProfileOptions.SUSPENDED.name(), Boolean.toString(suspended));
        // Setting an attribute is no client update Keycloak announces: the receivers are told here.
        AgentStandingSignals.check(session, client);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", client.getClientId());
        answer.put("suspended", suspended);
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(answer)
                .detail("client_id", client.getClientId())
                .success();
        return AdminResponses.ok(answer);
    }

    /**
     * The agent client of that client_id. Like Keycloak's own client endpoints, a caller who may not list clients
     * learns nothing about which ones exist: 403 for them, 404 only for those who could have looked it up anyway.
     */
    private ClientModel agent(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !AgentView.isAgent(client.getAttributes())) {
            if (!auth.clients().canList()) {
                throw new ForbiddenException();
            }
            throw AdminResponses.notFound("No agent " + clientId + " in this realm");
        }
        return client;
    }

    /**
     * What a client_id a profile names as sub-agent stands for. A client the caller may not view reads as none, so
     * that naming sub-agents tells an admin nothing about clients they could not look up anyway.
     */
    private DelegateCheck.Standing standing(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !auth.clients().canView(client)) {
            return DelegateCheck.Standing.NO_CLIENT;
        }
        return AgentView.isAgent(client.getAttributes())
                ? DelegateCheck.Standing.AGENT
                : DelegateCheck.Standing.NOT_AN_AGENT;
    }

    private Map<String, Object> detail(ClientModel client) {
        long active = GrantSearch.of(session)
                .activeCountsOf(realm.getId(), List.of(client.getId()))
                .getOrDefault(client.getId(), 0L);
        return AgentDocuments.detail(AgentView.of(AgentClientFacts.of(client)), active);
    }

    static void refuseIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw AdminResponses.invalidRequest("Nothing was changed", problems);
        }
    }
}
