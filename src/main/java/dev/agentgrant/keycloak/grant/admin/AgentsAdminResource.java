package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.agent.AgentClients;
import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.events.Details;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AdminClientRegisterContext;
import org.keycloak.services.clientpolicy.context.AdminClientRegisteredContext;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;
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
 * and no new tokens until resumed; its grants stay as they are, so resuming does not need anyone to approve again.
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
        boolean viewsAll = auth.clients().canView();
        // Keycloak's JPA store searches client attributes only when the server names them searchable
        // (spi-client-jpa-searchable-attributes) and refuses any other with a server error, so the realm's clients
        // are read and the agents picked here, as the admin console's own client list reads them.
        List<AgentView> visible = realm.getClientsStream()
                .filter(client -> AgentView.isAgent(client.getAttributes()))
                .filter(client -> viewsAll || auth.clients().canView(client))
                .map(client -> AgentView.of(facts(client)))
                .toList();
        List<AgentView> matching = AgentListing.matching(visible, query, ownerNames(query));
        GrantSearch search = GrantSearch.of(session);
        Map<String, Long> activeGrants = null;
        if (query.active().isPresent()) {
            activeGrants = search.activeCountsByAgent(realm.getId());
            matching = AgentListing.withActive(matching, query.active().get(), activeGrants);
        }
        List<AgentView> page = AgentListing.page(matching, query.first(), query.max());
        if (activeGrants == null) {
            activeGrants = search.activeCountsOf(
                    realm.getId(), page.stream().map(a -> a.facts().id()).toList());
        }
        Map<String, Long> counts = activeGrants;
        return AdminResponses.ok(AgentDocuments.page(
                page.stream()
                        .map(agent -> AgentDocuments.summary(
                                agent, counts.getOrDefault(agent.facts().id(), 0L)))
                        .toList(),
                query.first(),
                query.max()));
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
            facts = newClientFacts(request);
        } else if (existing != null) {
            auth.clients().requireManage(existing);
            if (AgentView.isAgent(existing.getAttributes())) {
                problems.add(new Problem(
                        AgentWriteRequest.CLIENT_ID,
                        existing.getClientId() + " is an agent already; change its profile with PUT "
                                + AgentGrantPaths.adminPath(realm.getName(), AgentGrantPaths.AGENTS) + "/"
                                + existing.getClientId()));
            }
            facts = facts(existing).withAttributes(request.resultingAttributes(attributes(existing), false));
        } else {
            if (request.clientId().isPresent()) {
                problems.add(new Problem(
                        AgentWriteRequest.CLIENT_ID,
                        "no client " + request.clientId().get()
                                + " in this realm; set new_client to true to create one"));
            }
            // The attributes are still judged, so that one answer lists every problem.
            facts = newClientFacts(request);
        }
        problems.addAll(AgentView.of(facts).problems());
        refuseIfAny(problems);

        ClientModel client = request.newClient() ? createClient(request) : existing;
        if (!request.newClient()) {
            replaceAgentAttributes(client, request.resultingAttributes(attributes(client), false));
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
        Map<String, String> resulting = request.resultingAttributes(attributes(client), true);
        problems.addAll(AgentView.of(facts(client).withAttributes(resulting)).problems());
        refuseIfAny(problems);
        replaceAgentAttributes(client, resulting);
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
        Set<String> removed =
                new TreeSet<>(AgentView.agentAttributes(attributes(client)).keySet());
        removed.forEach(client::removeAttribute);
        GrantTransitions transitions = GrantTransitions.of(session);
        int revoked = 0;
        int denied = 0;
        for (GrantSearch.OpenGrant grant : GrantSearch.of(session).openOfAgent(realm.getId(), client.getId())) {
            AuditTrail.Subject subject = AuditTrail.Subject.grant(realm.getId(), grant.id(), grant.agentClientId());
            GrantTransitions.Change change = GrantTransitions.Change.by(actor(), details(grant.id()));
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

    private Map<String, Object> detail(ClientModel client) {
        long active = GrantSearch.of(session)
                .activeCountsOf(realm.getId(), List.of(client.getId()))
                .getOrDefault(client.getId(), 0L);
        return AgentDocuments.detail(AgentView.of(facts(client)), active);
    }

    /** The usernames an {@code owner} filter stands for: the value, and the username of the user of that id. */
    private Set<String> ownerNames(AgentListQuery query) {
        Set<String> names = new HashSet<>();
        query.owner().ifPresent(owner -> {
            names.add(owner);
            UserModel user = session.users().getUserById(realm, owner);
            if (user != null) {
                names.add(user.getUsername());
            }
        });
        return names;
    }

    private static AgentFacts facts(ClientModel client) {
        return new AgentFacts(
                client.getClientId(),
                client.getId(),
                client.getName(),
                client.isEnabled(),
                !client.isPublicClient() && !client.isBearerOnly(),
                client.isServiceAccountsEnabled(),
                client.isFullScopeAllowed(),
                AgentClients.privilegedRolesInScope(client),
                attributes(client));
    }

    /** The client a {@code new_client} request would create, before it exists (see {@link #createClient}). */
    private static AgentFacts newClientFacts(AgentWriteRequest request) {
        return new AgentFacts(
                request.clientId().orElse(""),
                "",
                request.name().orElse(null),
                true,
                true,
                true,
                false,
                Set.of(),
                request.resultingAttributes(Map.of(), false));
    }

    /** A client's attributes without the null values Keycloak's model may hold. */
    private static Map<String, String> attributes(ClientModel client) {
        Map<String, String> attributes = new HashMap<>();
        client.getAttributes().forEach((name, value) -> {
            if (name != null && value != null) {
                attributes.put(name, value);
            }
        });
        return attributes;
    }

    private static void refuseIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw AdminResponses.invalidRequest("Nothing was changed", problems);
        }
    }

    /** Writes the namespace of {@code resulting} onto the client and removes the namespaced attributes it lacks. */
    private static void replaceAgentAttributes(ClientModel client, Map<String, String> resulting) {
        Map<String, String> wanted = AgentView.agentAttributes(resulting);
        for (String present : AgentView.agentAttributes(attributes(client)).keySet()) {
            if (!wanted.containsKey(present)) {
                client.removeAttribute(present);
            }
        }
        wanted.forEach(client::setAttribute);
    }

    /**
     * Creates the agent client as Keycloak's own client API would (client policies, service account), with the
     * settings README.md "Agent clients" asks of an agent. Its role scope is judged again once it exists: a realm's
     * default client scopes could bring an administration role along, and then nothing is kept.
     */
    private ClientModel createClient(AgentWriteRequest request) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(request.clientId().orElseThrow());
        request.name().ifPresent(rep::setName);
        rep.setEnabled(true);
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setClientAuthenticatorType("client-secret");
        rep.setServiceAccountsEnabled(true);
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setFullScopeAllowed(false);
        rep.setAttributes(AgentView.agentAttributes(request.resultingAttributes(Map.of(), false)));
        ClientModel client;
        try {
            session.clientPolicy().triggerOnEvent(new AdminClientRegisterContext(rep, auth.adminAuth()));
            client = ClientManager.createClient(session, realm, rep);
            new ClientManager(new RealmManager(session)).enableServiceAccount(client);
            session.getContext().setClient(client);
            session.clientPolicy().triggerOnEvent(new AdminClientRegisteredContext(client, auth.adminAuth()));
        } catch (ModelDuplicateException e) {
            throw AdminResponses.conflict("A client " + rep.getClientId() + " exists already");
        } catch (ClientPolicyException e) {
            session.getTransactionManager().setRollbackOnly();
            throw AdminResponses.invalidRequest(
                    "A client policy of the realm refused the client: " + e.getErrorDetail());
        }
        List<Problem> problems = AgentView.of(facts(client)).problems();
        if (!problems.isEmpty()) {
            session.getTransactionManager().setRollbackOnly();
            refuseIfAny(problems);
        }
        return client;
    }

    private Actor actor() {
        return Actor.admin(
                auth.adminAuth().getUser().getId(),
                session.getContext().getConnection().getRemoteAddr());
    }

    private Map<String, String> details(String grantId) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("grant_id", grantId);
        details.put(Details.REASON, PROFILE_REMOVED);
        details.put("admin_realm", auth.adminAuth().getRealm().getName());
        return details;
    }
}
