package dev.agentgrant.keycloak.grant.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON bodies of the grant admin API (docs/wire-contract.md, "Admin REST — grants"). An admin sees everything the
 * store keeps about a grant except the user code's hash; times are epoch seconds, as in JWTs; members with no value
 * yet (an undecided request has no {@code decided_at}) are left out.
 */
final class GrantAdminDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GrantAdminDocuments() {}

    /** A grant with its status as of {@code now} ({@link TaskGrant#statusAt}): expiry shows before it is written. */
    static Map<String, Object> grant(TaskGrant grant, Instant now) {
        GrantStatus status = grant.statusAt(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", grant.id());
        body.put("status", status.name());
        body.put("agent_client_id", grant.agent().clientId());
        body.put("agent_id", grant.agent().id());
        grant.userId().ifPresent(user -> body.put("user_id", user));
        grant.request().loginHint().ifPresent(hint -> body.put("login_hint", hint));
        body.put("purpose", grant.request().task().purpose());
        body.put("audience", grant.request().task().audience());
        body.put("requested_scope", String.join(" ", grant.request().task().scopes()));
        grant.decision()
                .approval()
                .map(TaskGrant.Approval::scopes)
                .ifPresent(scopes -> body.put("scope", String.join(" ", scopes)));
        grant.decision()
                .approval()
                .map(TaskGrant.Approval::delegates)
                .ifPresent(delegates -> body.put("delegates", List.copyOf(delegates)));
        body.put("authorization_details", grant.request().task().authorizationDetails());
        body.put("requested_lifetime", grant.request().lifetime().getSeconds());
        grant.decision()
                .approval()
                .map(TaskGrant.Approval::lifetime)
                .ifPresent(lifetime -> body.put("lifetime", lifetime.getSeconds()));
        body.put("max_uses", grant.usage().maxUses());
        body.put("uses", grant.usage().uses());
        body.put("requested_at", grant.request().at().getEpochSecond());
        grant.request().address().ifPresent(address -> body.put("request_address", address));
        body.put("approval_expires_at", grant.request().approvalExpiresAt().getEpochSecond());
        grant.decision().at().ifPresent(at -> body.put("decided_at", at.getEpochSecond()));
        grant.expiresAt().ifPresent(at -> body.put("expires_at", at.getEpochSecond()));
        grant.ending().map(TaskGrant.Ending::at).ifPresent(at -> body.put("ended_at", at.getEpochSecond()));
        grant.ending().map(TaskGrant.Ending::by).ifPresent(by -> body.put("ended_by", by));
        grant.ending().map(TaskGrant.Ending::reason).ifPresent(reason -> body.put("end_reason", reason));
        body.put("attestation", attestation(grant));
        // Written together by the approval, which always records when the person authenticated.
        if (grant.decision().approval().map(TaskGrant.Approval::authTime).isPresent()) {
            body.put("approval_authentication", approvalAuthentication(grant));
        }
        return body;
    }

    /** One grant and its audit trail, oldest record first. */
    static Map<String, Object> grantWithAudit(TaskGrant grant, List<AuditTrail.Entry> audit, Instant now) {
        Map<String, Object> body = grant(grant, now);
        body.put("audit", audit.stream().map(GrantAdminDocuments::auditEntry).toList());
        return body;
    }

    /**
     * One page of the listing, with the paging it was asked for ({@code after} or {@code first}, and {@code max}) and
     * the cursor of the next page when more grants follow.
     */
    static Map<String, Object> page(List<TaskGrant> grants, GrantListQuery query, Optional<String> next, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grants", grants.stream().map(grant -> grant(grant, now)).toList());
        if (query.after().isPresent()) {
            body.put("after", GrantCursor.encode(query.after().get()));
        } else {
            body.put("first", query.first());
        }
        body.put("max", query.max());
        next.ifPresent(cursor -> body.put("next", cursor));
        return body;
    }

    /** Everything stored about one person's grants, for a data-subject access request. */
    static Map<String, Object> export(
            String userId, String username, List<Map<String, Object>> grantsWithAudit, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", userId);
        body.put("username", username);
        body.put("exported_at", now.getEpochSecond());
        body.put("grants", grantsWithAudit);
        return body;
    }

    static Map<String, Object> auditEntry(AuditTrail.Entry entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", entry.id());
        body.put("recorded_at", Instant.ofEpochMilli(entry.recordedAt()).getEpochSecond());
        body.put("action", entry.action());
        body.put("outcome", entry.outcome().name().toLowerCase(Locale.ROOT));
        body.put("actor_type", entry.actor().kind().label());
        entry.actor().id().ifPresent(actor -> body.put("actor_id", actor));
        entry.actor().address().ifPresent(address -> body.put("address", address));
        body.put("details", parsed(entry.details()));
        return body;
    }

    private static Map<String, Object> attestation(TaskGrant grant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy_id", grant.evidence().policyId());
        body.put("policy_version", grant.evidence().policyVersion());
        body.put("sources", grant.evidence().sources());
        body.put("facts", new TreeMap<>(grant.evidence().facts()));
        body.put("instance_jkt", grant.agent().instanceKeyThumbprint());
        body.put("presentation_jti", grant.evidence().presentationJti());
        grant.evidence().identityExpiresAt().ifPresent(at -> body.put("identity_expires_at", at.getEpochSecond()));
        return body;
    }

    /** How the approving person authenticated (the token's {@code grant_acr} / {@code grant_auth_time}). */
    private static Map<String, Object> approvalAuthentication(TaskGrant grant) {
        Map<String, Object> body = new LinkedHashMap<>();
        grant.decision()
                .approval()
                .map(TaskGrant.Approval::authTime)
                .ifPresent(at -> body.put("auth_time", at.getEpochSecond()));
        grant.decision().approval().flatMap(TaskGrant.Approval::acr).ifPresent(acr -> body.put("acr", acr));
        grant.decision()
                .approval()
                .flatMap(TaskGrant.Approval::authMethods)
                .ifPresent(methods -> body.put(
                        "auth_methods",
                        Arrays.stream(methods.split(" "))
                                .filter(method -> !method.isEmpty())
                                .toList()));
        return body;
    }

    /** Stored JSON as JSON, so the admin does not unescape it; as the stored text if it ever is not JSON. */
    private static Object parsed(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
