package dev.agentgrant.keycloak.grant.admin;

import dev.agentgrant.keycloak.grant.GrantNotices;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.lifecycle.GrantTransitions;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import dev.agentgrant.keycloak.grant.store.GrantStore;
import dev.agentgrant.keycloak.notice.Notice;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import dev.agentgrant.keycloak.support.QueryParameters;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/grants}: the realm's task grants for review and revocation. Reading needs
 * Keycloak's view-users permission, revoking manage-users: a grant is the person's entitlement, like their sessions.
 * Every revocation is one conditional update per grant (an approved grant becomes revoked, a waiting request denied),
 * an audit record for each grant it changed, and one admin event; after the commit, each person whose approved grants
 * were revoked gets one email listing them (README.md, "Email notices").
 */
public final class GrantsAdminResource {

    static final String REASON = "revoked_by_admin";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public GrantsAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    /**
     * {@code ?user=&agent=&audience=&status=&created_after=&created_before=&after=&first=&max=}, newest first (see
     * {@link GrantListQuery}). When more grants follow, the answer carries the cursor of the next page as
     * {@code next} and as a {@code Link: <…>; rel="next"} header (RFC 8288 §3) with the same filters.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.users().requireView();
        GrantListQuery query;
        try {
            query = GrantListQuery.parse(session.getContext().getUri().getQueryParameters());
        } catch (InvalidAdminRequest e) {
            throw AdminResponses.invalidRequest(e.description());
        }
        GrantSearch.Filter filter = new GrantSearch.Filter(
                query.agent().map(clientId -> client(clientId).getId()),
                query.user().map(userId -> GrantOwner.of(user(userId))),
                query.audience(),
                query.status(),
                query.createdAfter(),
                query.createdBefore());
        GrantStore store = GrantStore.of(session);
        Instant now = store.now();
        // One more than the page: whether a next page exists is known without a count.
        List<TaskGrant> found =
                GrantSearch.of(session).list(realm.getId(), filter, query.after(), query.first(), query.max() + 1);
        List<TaskGrant> grants = found.subList(0, Math.min(found.size(), query.max()));
        Optional<String> next = found.size() > query.max()
                ? Optional.of(GrantCursor.encode(GrantSearch.Position.of(grants.get(grants.size() - 1))))
                : Optional.empty();
        Map<String, Object> page = GrantAdminDocuments.page(grants, query, next, now);
        return next.map(cursor -> AdminResponses.okWithLink(page, nextPage(cursor), "next"))
                .orElseGet(() -> AdminResponses.ok(page));
    }

    /** This request's address with the cursor in place of any {@code first}: the same filters, the next page. */
    private URI nextPage(String cursor) {
        return session.getContext()
                .getUri()
                .getRequestUriBuilder()
                .replaceQueryParam(QueryParameters.FIRST)
                .replaceQueryParam(GrantListQuery.AFTER, cursor)
                .build();
    }

    /** One grant, its status as of now, and its audit trail. A grant of another realm does not exist here. */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.users().requireView();
        GrantStore store = GrantStore.of(session);
        TaskGrant grant = store.find(realm.getId(), id).orElseThrow(() -> unknownGrant());
        return AdminResponses.ok(withAudit(grant, store.now()));
    }

    /** {@code APPROVED → REVOKED}; a grant that is not active answers 409 and stays as it is. */
    @POST
    @Path("{id}/" + AgentGrantPaths.REVOKE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("id") String id) {
        auth.users().requireManage();
        GrantStore store = GrantStore.of(session);
        TaskGrant grant = store.find(realm.getId(), id).orElseThrow(() -> unknownGrant());
        GrantStatus status = grant.statusAt(store.now());
        GrantTransitions.Change change = AdminChanges.of(session, auth, grant.id(), REASON);
        if (status != GrantStatus.APPROVED
                || !GrantTransitions.of(session).revoke(AuditTrail.Subject.of(grant), REASON, change)) {
            // Also when another revocation or the grant's expiry won the race after the read above.
            throw AdminResponses.notActive(
                    "The grant is " + (status == GrantStatus.APPROVED ? "no longer active" : status.name())
                            + "; only an approved grant can be revoked");
        }
        GrantNotices.ended(session, grant, Notice.How.REVOKED_BY_ADMIN);
        Map<String, Object> representation = new LinkedHashMap<>(change.details());
        representation.put("agent_client_id", grant.agent().clientId());
        grant.userId().ifPresent(user -> representation.put("user_id", user));
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .detail("grant_id", grant.id())
                .success();
        return AdminResponses.ok(withAudit(store.reload(grant.id()), store.now()));
    }

    /**
     * Ends every open grant matching one criterion ({@link BulkRevocation}) and answers
     * {@code {"revoked": n, "denied": m}}: the grants this call revoked and the waiting requests it denied. Grants that
     * ended meanwhile are not counted; each grant is its own guarded transition.
     */
    @POST
    @Path(AgentGrantPaths.REVOKE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeAll(String body) {
        auth.users().requireManage();
        BulkRevocation request;
        try {
            request = BulkRevocation.parse(body);
        } catch (InvalidAdminRequest e) {
            throw AdminResponses.invalidRequest(e.description());
        }
        GrantSearch search = GrantSearch.of(session);
        List<GrantSearch.OpenGrant> candidates = switch (request.criterion()) {
            case USER ->
                search.activeOfUser(realm.getId(), user(request.value()).getId());
            case AGENT ->
                search.openOfAgent(realm.getId(), client(request.value()).getId());
            case SOURCE -> search.openFromSource(realm.getId(), request.value());
        };
        GrantTransitions transitions = GrantTransitions.of(session);
        GrantStore store = GrantStore.of(session);
        int revoked = 0;
        int denied = 0;
        for (GrantSearch.OpenGrant grant : candidates) {
            AuditTrail.Subject subject = AuditTrail.Subject.grant(realm.getId(), grant.id(), grant.agentClientId());
            GrantTransitions.Change change = AdminChanges.of(
                    session,
                    auth,
                    grant.id(),
                    REASON,
                    Map.of(request.criterion().member(), request.value()));
            if (grant.status() == GrantStatus.APPROVED && transitions.revoke(subject, REASON, change)) {
                revoked++;
                store.find(realm.getId(), grant.id())
                        .ifPresent(ended -> GrantNotices.ended(session, ended, Notice.How.REVOKED_BY_ADMIN));
            } else if (grant.status() == GrantStatus.PENDING
                    && request.criterion().deniesPending()
                    && transitions.deny(subject, REASON, change)) {
                denied++;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("revoked", revoked);
        answer.put("denied", denied);
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put(request.criterion().member(), request.value());
        representation.putAll(answer);
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .detail(request.criterion().member(), request.value())
                .detail("revoked", Integer.toString(revoked))
                .detail("denied", Integer.toString(denied))
                .success();
        return AdminResponses.ok(answer);
    }

    private Map<String, Object> withAudit(TaskGrant grant, Instant now) {
        return GrantAdminDocuments.grantWithAudit(
                grant, AuditTrail.of(session).forGrant(realm.getId(), grant.id()), now);
    }

    private UserModel user(String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            throw AdminResponses.invalidRequest("No user with id " + id + " in this realm");
        }
        return user;
    }

    /** By client_id; the grants are matched on the client's internal id, so a renamed agent keeps its grants. */
    private ClientModel client(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            throw AdminResponses.invalidRequest("No client " + clientId + " in this realm");
        }
        return client;
    }

    private static RuntimeException unknownGrant() {
        return AdminResponses.notFound("No such grant in this realm");
    }
}
