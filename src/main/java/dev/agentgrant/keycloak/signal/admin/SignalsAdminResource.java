package dev.agentgrant.keycloak.signal.admin;

import dev.agentgrant.keycloak.signal.Outbox;
import dev.agentgrant.keycloak.signal.OutboxSignal;
import dev.agentgrant.keycloak.signal.SignalStatus;
import dev.agentgrant.keycloak.signal.Signals;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/signals}: the realm's outbox of the revocation push (README.md, "Revocation
 * push") — what was sent, what waits, what was given up on — and the retry of a dead-lettered SET. A SET names a grant
 * and its person, so reading needs Keycloak's view-users permission and a retry manage-users, as for the grants
 * themselves. A retry is an admin event.
 */
public final class SignalsAdminResource {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public SignalsAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    /** {@code ?status=&grant=&receiver=&first=&max=}, newest first, with the realm's counts by status. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.users().requireView();
        SignalListQuery query;
        try {
            query = SignalListQuery.parse(session.getContext().getUri().getQueryParameters());
        } catch (InvalidAdminRequest e) {
            throw AdminResponses.invalidRequest(e.description());
        }
        Outbox outbox = Outbox.of(session);
        List<OutboxSignal> signals = outbox.list(realm.getId(), query.filter(), query.first(), query.max());
        return AdminResponses.ok(
                SignalDocuments.page(signals, query.first(), query.max(), outbox.counts(realm.getId())));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.users().requireView();
        return AdminResponses.ok(SignalDocuments.of(signal(id)));
    }

    /**
     * Sends a dead-lettered SET again: it becomes pending with a fresh retry window and goes out right after this
     * request; answers the SET. A SET that is not dead-lettered answers 409 and stays as it is.
     */
    @POST
    @Path("{id}/" + AgentGrantPaths.RETRY)
    @Produces(MediaType.APPLICATION_JSON)
    public Response retry(@PathParam("id") String id) {
        auth.users().requireManage();
        OutboxSignal signal = signal(id);
        if (!Signals.of(session).requeue(realm.getId(), signal.id())) {
            throw AdminResponses.conflict("Only a dead-lettered SET can be retried; this one is "
                    + (signal.status() == SignalStatus.DEAD_LETTERED ? "being retried already" : signal.status()));
        }
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("id", signal.id());
        representation.put("grant_id", signal.grantId());
        representation.put("receiver", signal.audience());
        adminEvent
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .detail("grant_id", signal.grantId())
                .success();
        return AdminResponses.ok(SignalDocuments.of(signal(id)));
    }

    /** A SET of this realm; an id that is not one a SET could have (a UUID, its {@code jti}) is looked for nowhere. */
    private OutboxSignal signal(String id) {
        if (!ID.matcher(id).matches()) {
            throw unknown();
        }
        return Outbox.of(session).find(realm.getId(), id).orElseThrow(SignalsAdminResource::unknown);
    }

    private static WebApplicationException unknown() {
        return AdminResponses.notFound("No SET of that id in this realm");
    }
}
