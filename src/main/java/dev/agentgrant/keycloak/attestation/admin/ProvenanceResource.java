package dev.agentgrant.keycloak.attestation.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.intoto.InTotoSourceFactory;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.provenance.ProvenanceStore;
import dev.agentgrant.keycloak.attestation.provenance.RegisteredProvenance;
import dev.agentgrant.keycloak.attestation.spi.AttestationSource;
import dev.agentgrant.keycloak.attestation.spi.AttestationSources;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.ColumnLimits;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/agent-grant/provenance}: provenance registered ahead of time, so presentations can
 * reference it by subject digest ({@code digest-ref}). An upload is verified by the named in-toto source before it
 * is stored; listing and reading need {@code view-realm}, registering and deleting {@code manage-realm}; every
 * change is an admin event.
 */
public final class ProvenanceResource {

    /** Keycloak's own cap for a token parameter is 20 000 characters; registered envelopes may be larger. */
    static final int MAX_ENVELOPE_CHARS = 128 * 1024;

    private static final int MAX_PAGE = 100;

    /** The upload body: the source alias and the DSSE envelope (as a JSON object or as a string). */
    public static final class Upload {
        @JsonProperty("source")
        public String source;

        @JsonProperty("envelope")
        public JsonNode envelope;
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ProvenanceResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(Upload upload) {
        auth.realm().requireManageRealm();
        if (upload == null || upload.source == null || upload.envelope == null || upload.envelope.isNull()) {
            throw AdminResponses.invalidRequest("source and envelope are required");
        }
        String envelope = upload.envelope.isTextual() ? upload.envelope.asText() : upload.envelope.toString();
        if (envelope.length() > MAX_ENVELOPE_CHARS) {
            throw AdminResponses.invalidRequest("envelope exceeds " + MAX_ENVELOPE_CHARS + " characters");
        }
        ComponentModel component = inTotoSource(upload.source);
        AttestationSource source = AttestationSources.forComponent(session, component);
        VerifiedEvidence verified;
        try {
            verified = source.verify(new EvidenceItem(upload.source, EvidenceItem.Format.DSSE, envelope));
        } catch (EvidenceRejected e) {
            throw AdminResponses.invalidRequest("The envelope does not verify with source " + upload.source + " ("
                    + e.reason() + "): " + e.getMessage());
        }
        ProvenanceStore store = ProvenanceStore.of(session);
        Optional<RegisteredProvenance> existing = store.byEnvelope(realm.getId(), upload.source, envelope);
        if (existing.isPresent()) {
            throw AdminResponses.conflict(
                    "This envelope is already registered as " + existing.get().id());
        }
        Set<String> digests = Arrays.stream(
                        verified.facts().getOrDefault("subject_digests", "").split(","))
                .filter(d -> !d.isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
        String predicateType = verified.facts().getOrDefault("predicate_type", "");
        // Checked against the columns before the insert, which would otherwise fail on H2 with a 500 (ColumnLimits).
        if (!ColumnLimits.fits(predicateType, ColumnLimits.PREDICATE_TYPE)) {
            throw AdminResponses.invalidRequest(
                    "The statement's predicateType exceeds " + ColumnLimits.PREDICATE_TYPE + " characters");
        }
        if (digests.stream().anyMatch(digest -> !ColumnLimits.fits(digest, ColumnLimits.SUBJECT_DIGEST))) {
            throw AdminResponses.invalidRequest(
                    "A subject digest of the statement exceeds " + ColumnLimits.SUBJECT_DIGEST + " characters");
        }
        RegisteredProvenance registered = store.register(
                realm.getId(),
                upload.source,
                envelope,
                predicateType,
                digests,
                auth.adminAuth().getUser().getUsername());
        Map<String, Object> summary = summary(registered);
        adminEvent
                .operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri(), registered.id())
                .representation(summary)
                .success();
        Map<String, Object> answer = new LinkedHashMap<>(summary);
        answer.put("facts", verified.facts());
        return Response.status(Response.Status.CREATED)
                .entity(answer)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list(
            @QueryParam("source") String source, @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        auth.realm().requireViewRealm();
        int from = first == null ? 0 : first;
        int size = max == null ? MAX_PAGE : max;
        if (from < 0 || size < 1 || size > MAX_PAGE) {
            throw AdminResponses.invalidRequest("first must be ≥ 0 and max between 1 and " + MAX_PAGE);
        }
        return ProvenanceStore.of(session)
                .list(realm.getId(), Optional.ofNullable(source).filter(s -> !s.isBlank()), from, size)
                .stream()
                .map(ProvenanceResource::summary)
                .toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        RegisteredProvenance registered = ProvenanceStore.of(session)
                .get(realm.getId(), id)
                .orElseThrow(() -> AdminResponses.notFound("No registered provenance " + id));
        Map<String, Object> answer = summary(registered);
        answer.put("envelope", registered.envelope());
        return answer;
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!ProvenanceStore.of(session).delete(realm.getId(), id)) {
            throw AdminResponses.notFound("No registered provenance " + id);
        }
        adminEvent
                .operation(OperationType.DELETE)
                .resourcePath(session.getContext().getUri())
                .success();
        return Response.noContent().build();
    }

    private ComponentModel inTotoSource(String alias) {
        return realm.getComponentsStream(realm.getId(), AttestationSource.class.getName())
                .filter(component -> alias.equals(component.getName()))
                .filter(component -> InTotoSourceFactory.ID.equals(component.getProviderId()))
                .findFirst()
                .orElseThrow(() ->
                        AdminResponses.invalidRequest("No in-toto attestation source '" + alias + "' in this realm"));
    }

    private static Map<String, Object> summary(RegisteredProvenance registered) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", registered.id());
        summary.put("source", registered.source());
        summary.put("predicate_type", registered.predicateType());
        summary.put("subject_digests", new TreeSet<>(registered.subjectDigests()));
        summary.put("created_at", registered.createdAt().getEpochSecond());
        summary.put("created_by", registered.createdBy());
        return summary;
    }
}
