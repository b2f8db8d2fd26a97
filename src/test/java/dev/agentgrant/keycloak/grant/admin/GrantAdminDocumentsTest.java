package dev.agentgrant.keycloak.grant.admin;

import static dev.agentgrant.keycloak.grant.TestGrant.REQUESTED_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.grant.Actor;
import dev.agentgrant.keycloak.grant.GrantStatus;
import dev.agentgrant.keycloak.grant.TaskGrant;
import dev.agentgrant.keycloak.grant.TestGrant;
import dev.agentgrant.keycloak.grant.audit.AuditTrail;
import dev.agentgrant.keycloak.grant.store.GrantSearch;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an admin sees of a grant: everything stored but the user code's hash, the status as of now, the audit trail. */
class GrantAdminDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DECIDED = REQUESTED_AT.plusSeconds(90);
    private static final Duration LIFETIME = Duration.ofHours(1);

    private static TaskGrant approved() {
        return TestGrant.pending()
                .uses(2, 5)
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .build();
    }

    @Test
    void anApprovedGrantShowsEveryStoredFact() throws Exception {
        JsonNode body = json(GrantAdminDocuments.grant(approved(), DECIDED.plusSeconds(10)));

        assertThat(body.path("id").asText()).isEqualTo(TestGrant.ID);
        assertThat(body.path("status").asText()).isEqualTo("APPROVED");
        assertThat(body.path("agent_client_id").asText()).isEqualTo("calendar-agent");
        assertThat(body.path("agent_id").asText()).isEqualTo("agent-internal-id");
        assertThat(body.path("user_id").asText()).isEqualTo(TestGrant.USER_ID);
        assertThat(body.path("login_hint").asText()).isEqualTo(TestGrant.LOGIN_HINT);
        assertThat(body.path("purpose").asText()).isEqualTo("Move tomorrow's 9:00 meeting with Dana to Friday");
        assertThat(body.path("audience").asText()).isEqualTo("calendar-api");
        assertThat(body.path("requested_scope").asText()).isEqualTo("calendar.read");
        assertThat(body.path("scope").asText()).isEqualTo("calendar.read");
        assertThat(body.path("delegates").isArray())
                .as("none allowed: an empty list")
                .isTrue();
        assertThat(body.path("delegates")).isEmpty();
        assertThat(body.path("authorization_details").isArray())
                .as("stored JSON stays JSON")
                .isTrue();
        assertThat(body.path("requested_lifetime").asLong()).isEqualTo(3_600);
        assertThat(body.path("lifetime").asLong()).isEqualTo(3_600);
        assertThat(body.path("max_uses").asInt()).isEqualTo(5);
        assertThat(body.path("uses").asInt()).isEqualTo(2);
        assertThat(body.path("requested_at").asLong()).isEqualTo(REQUESTED_AT.getEpochSecond());
        assertThat(body.path("request_address").asText()).isEqualTo("203.0.113.7");
        assertThat(body.path("approval_expires_at").asLong())
                .isEqualTo(REQUESTED_AT.plus(TestGrant.APPROVAL_WINDOW).getEpochSecond());
        assertThat(body.path("decided_at").asLong()).isEqualTo(DECIDED.getEpochSecond());
        assertThat(body.path("expires_at").asLong())
                .isEqualTo(DECIDED.plus(LIFETIME).getEpochSecond());
        JsonNode attestation = body.path("attestation");
        assertThat(attestation.path("policy_id").asText()).isEqualTo("production-agents");
        assertThat(attestation.path("policy_version").asText()).isEqualTo("v1");
        assertThat(attestation.path("sources").toString()).isEqualTo("[\"k8s\",\"spiffe\"]");
        assertThat(attestation.path("facts").path("spiffe.id").asText())
                .isEqualTo("spiffe://example.org/calendar-agent");
        assertThat(attestation.path("facts").path("k8s.namespace").asText()).isEqualTo("agents");
        assertThat(attestation.path("instance_jkt").asText()).isEqualTo(TestGrant.THUMBPRINT);
        assertThat(attestation.path("presentation_jti").asText()).isEqualTo("attestation-jti-1");
        JsonNode authentication = body.path("approval_authentication");
        assertThat(authentication.path("auth_time").asLong()).isEqualTo(DECIDED.getEpochSecond());
        assertThat(authentication.path("auth_methods").toString()).isEqualTo("[\"password\"]");
        assertThat(body.has("ended_at")).isFalse();
        assertThat(body.toString()).doesNotContainIgnoringCase("user_code").doesNotContainIgnoringCase("hash");
    }

    @Test
    void theSubAgentsThePersonAllowedAreListedInTheProfilesOrder() throws Exception {
        TaskGrant grant = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .approvedDelegates(new LinkedHashSet<>(List.of("mail-helper", "calendar-helper")))
                .build();

        JsonNode body = json(GrantAdminDocuments.grant(grant, DECIDED.plusSeconds(10)));

        assertThat(body.path("delegates").toString()).isEqualTo("[\"mail-helper\",\"calendar-helper\"]");
    }

    @Test
    void theStatusIsTheOneThatHoldsNowNotTheOneLastWritten() throws Exception {
        TaskGrant approved = approved();
        TaskGrant pending = TestGrant.pending().build();
        Instant afterLifetime = DECIDED.plus(LIFETIME);
        Instant afterWindow = REQUESTED_AT.plus(TestGrant.APPROVAL_WINDOW);

        assertThat(approved.status()).isEqualTo(GrantStatus.APPROVED);
        assertThat(json(GrantAdminDocuments.grant(approved, afterLifetime))
                        .path("status")
                        .asText())
                .isEqualTo("EXPIRED");
        assertThat(json(GrantAdminDocuments.grant(pending, afterWindow.minusSeconds(1)))
                        .path("status")
                        .asText())
                .isEqualTo("PENDING");
        assertThat(json(GrantAdminDocuments.grant(pending, afterWindow))
                        .path("status")
                        .asText())
                .isEqualTo("EXPIRED");
    }

    @Test
    void anUndecidedRequestHasNoDecisionMembers() throws Exception {
        JsonNode body = json(GrantAdminDocuments.grant(TestGrant.pending().build(), REQUESTED_AT));

        assertThat(body.has("user_id")).isFalse();
        assertThat(body.has("scope")).isFalse();
        assertThat(body.has("delegates")).isFalse();
        assertThat(body.has("lifetime")).isFalse();
        assertThat(body.has("decided_at")).isFalse();
        assertThat(body.has("expires_at")).isFalse();
        assertThat(body.has("approval_authentication"))
                .as("auth context exists only once approved")
                .isFalse();
    }

    @Test
    void anEndedGrantSaysWhenWhoAndWhy() throws Exception {
        TaskGrant revoked = TestGrant.pending()
                .approved(DECIDED, LIFETIME, Set.of("calendar.read"))
                .ended(GrantStatus.REVOKED, DECIDED.plusSeconds(60))
                .build();

        JsonNode body = json(GrantAdminDocuments.grant(revoked, DECIDED.plusSeconds(120)));

        assertThat(body.path("status").asText()).isEqualTo("REVOKED");
        assertThat(body.path("ended_at").asLong())
                .isEqualTo(DECIDED.plusSeconds(60).getEpochSecond());
        assertThat(body.path("ended_by").asText()).isEqualTo("system");
        assertThat(body.path("end_reason").asText()).isEqualTo("revoked");
    }

    @Test
    void theAuditTrailFollowsTheGrantOldestFirstWithDetailsAsJson() throws Exception {
        AuditTrail.Entry requested = new AuditTrail.Entry(
                "a-1",
                REQUESTED_AT.toEpochMilli(),
                "requested",
                AuditTrail.Outcome.SUCCESS,
                Actor.of(Actor.Kind.AGENT, Optional.of("calendar-agent"), Optional.of("203.0.113.7")),
                "{\"attestation_policy\":\"production-agents\"}");
        AuditTrail.Entry revoked = new AuditTrail.Entry(
                "a-2",
                DECIDED.toEpochMilli() + 999,
                "revoked",
                AuditTrail.Outcome.SUCCESS,
                Actor.of(Actor.Kind.ADMIN, Optional.empty(), Optional.empty()),
                "{\"reason\":\"revoked_by_admin\"}");

        JsonNode body = json(GrantAdminDocuments.grantWithAudit(approved(), List.of(requested, revoked), DECIDED));

        JsonNode audit = body.path("audit");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).path("id").asText()).isEqualTo("a-1");
        assertThat(audit.get(0).path("action").asText()).isEqualTo("requested");
        assertThat(audit.get(0).path("outcome").asText()).isEqualTo("success");
        assertThat(audit.get(0).path("actor_type").asText()).isEqualTo("agent");
        assertThat(audit.get(0).path("actor_id").asText()).isEqualTo("calendar-agent");
        assertThat(audit.get(0).path("address").asText()).isEqualTo("203.0.113.7");
        assertThat(audit.get(0).path("recorded_at").asLong()).isEqualTo(REQUESTED_AT.getEpochSecond());
        assertThat(audit.get(0).path("details").path("attestation_policy").asText())
                .isEqualTo("production-agents");
        assertThat(audit.get(1).path("actor_type").asText()).isEqualTo("admin");
        assertThat(audit.get(1).has("actor_id")).isFalse();
        assertThat(audit.get(1).path("recorded_at").asLong()).isEqualTo(DECIDED.getEpochSecond());
        assertThat(audit.get(1).path("details").path("reason").asText()).isEqualTo("revoked_by_admin");
    }

    @Test
    void aPageSaysWhichPageItIs() throws Exception {
        GrantListQuery query = GrantListQuery.parse(Map.of("first", List.of("20"), "max", List.of("10")));
        JsonNode body = json(GrantAdminDocuments.page(List.of(approved()), query, Optional.empty(), DECIDED));

        assertThat(body.path("grants")).hasSize(1);
        assertThat(body.path("grants").get(0).path("id").asText()).isEqualTo(TestGrant.ID);
        assertThat(body.path("first").asInt()).isEqualTo(20);
        assertThat(body.path("max").asInt()).isEqualTo(10);
        assertThat(body.has("next")).as("the last page").isFalse();
        assertThat(body.has("after")).isFalse();
        assertThat(body.has("audit")).isFalse();
    }

    @Test
    void aPageAfterACursorEchoesItAndNamesTheNextOne() throws Exception {
        String cursor = GrantCursor.encode(new GrantSearch.Position(1_767_225_600_000L, "B".repeat(43)));
        GrantListQuery query = GrantListQuery.parse(Map.of("after", List.of(cursor), "max", List.of("1")));
        String next = GrantCursor.encode(GrantSearch.Position.of(approved()));

        JsonNode body = json(GrantAdminDocuments.page(List.of(approved()), query, Optional.of(next), DECIDED));

        assertThat(body.path("after").asText()).isEqualTo(cursor);
        assertThat(body.has("first")).isFalse();
        assertThat(body.path("max").asInt()).isEqualTo(1);
        assertThat(body.path("next").asText()).isEqualTo(next);
    }

    @Test
    void anExportNamesThePersonAndWhenItWasTaken() throws Exception {
        Map<String, Object> grant = GrantAdminDocuments.grantWithAudit(approved(), List.of(), DECIDED);

        JsonNode body = json(GrantAdminDocuments.export(TestGrant.USER_ID, "dana", List.of(grant), DECIDED));

        assertThat(body.path("user_id").asText()).isEqualTo(TestGrant.USER_ID);
        assertThat(body.path("username").asText()).isEqualTo("dana");
        assertThat(body.path("exported_at").asLong()).isEqualTo(DECIDED.getEpochSecond());
        assertThat(body.path("grants").get(0).path("audit").isArray()).isTrue();
    }

    private static JsonNode json(Map<String, Object> body) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(body));
    }
}
