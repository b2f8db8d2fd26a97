package dev.agentgrant.keycloak.attestation.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentgrant.keycloak.attestation.service.AgentIdentity;
import dev.agentgrant.keycloak.attestation.service.AttestationRefused;
import dev.agentgrant.keycloak.attestation.service.AttestationResult;
import dev.agentgrant.keycloak.attestation.service.AttestationService;
import dev.agentgrant.keycloak.support.AdminResponses;
import dev.agentgrant.keycloak.support.AgentGrantPaths;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST /admin/realms/{realm}/agent-grant/attestation/explain}: dry-runs a presentation against an agent's
 * sources and policy and says, rule by rule, what passed and what failed. Nothing is consumed (the presentation
 * stays usable) and nothing is stored. Needs the {@code view-clients} role: the answer shows verified facts.
 */
public final class ExplainResource {

    /** The request body. */
    public static final class ExplainRequest {
        @JsonProperty("client_id")
        public String clientId;

        @JsonProperty("presentation")
        public String presentation;
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final Function<ClientModel, AgentIdentity> identityOf;

    /**
     * @param identityOf the agent as attestation sees it, read from a client by the part of the extension that owns
     *                   agents' settings
     */
    public ExplainResource(
            KeycloakSession session,
            RealmModel realm,
            AdminPermissionEvaluator auth,
            Function<ClientModel, AgentIdentity> identityOf) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.identityOf = identityOf;
    }

    /** {@code …/attestation/sources}: the realm's sources and the state of their trust material. */
    @Path(AgentGrantPaths.SOURCES)
    public SourcesResource sources() {
        return new SourcesResource(session, realm, auth);
    }

    @POST
    @Path("explain")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response explain(ExplainRequest request) {
        auth.clients().requireView();
        if (request == null
                || request.clientId == null
                || request.clientId.isBlank()
                || request.presentation == null
                || request.presentation.isBlank()) {
            throw AdminResponses.invalidRequest("client_id and presentation are required");
        }
        ClientModel agent = realm.getClientByClientId(request.clientId);
        if (agent == null) {
            throw AdminResponses.notFound("No client " + request.clientId + " in realm " + realm.getName());
        }
        AttestationService service = session.getProvider(AttestationService.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            AttestationResult result = service.explain(identityOf.apply(agent), request.presentation);
            answer.put("allowed", true);
            answer.put("instance_key_thumbprint", result.instanceKeyThumbprint());
            answer.put("sources", result.sources());
            answer.put("facts", result.facts());
            answer.put("policy", result.policyId());
            answer.put("policy_version", result.policyVersion());
            result.identityExpiry().ifPresent(expiry -> answer.put("identity_expires_at", expiry.getEpochSecond()));
            answer.put("rules", Explanations.rules(result.decision()));
        } catch (AttestationRefused refusal) {
            answer.put("allowed", false);
            answer.put("stage", refusal.stage().name().toLowerCase(Locale.ROOT));
            answer.put("reason", refusal.reason());
            refusal.source().ifPresent(source -> answer.put("source", source));
            answer.put("detail", refusal.getMessage());
            refusal.decision().ifPresent(decision -> answer.put("rules", Explanations.rules(decision)));
        }
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
