package dev.agentgrant.keycloak.grant.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.agentgrant.keycloak.agent.AgentProfile;
import dev.agentgrant.keycloak.agent.AgentProfileProblems;
import dev.agentgrant.keycloak.support.StrictForms;
import dev.agentgrant.keycloak.support.UrlEncodedForm;
import dev.agentgrant.keycloak.support.WireContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grant request as {@code POST /realms/{realm}/agent-grant/requests} reads it (docs/wire-contract.md, "Request a
 * grant"): the body parsed as a form, then validated against an agent's profile, including the
 * {@code authorization_details} (RFC 9396 §2). Any body is a {@link GrantRequest} within the profile's limits, a
 * {@link UrlEncodedForm.Malformed} or an {@link InvalidRequest}; never another exception.
 */
class GrantRequestFuzzTest {

    private static final String ISSUER = "https://sso.example.com/realms/acme";
    private static final Set<String> REALM_CLIENTS = Set.of("calendar-api", "mail-api", "account");
    private static final Set<String> ALLOWED_SCOPES = Set.of("calendar.read", "calendar.write", "mail.send");
    private static final AgentProfile PROFILE = profile();

    private final GrantRequestValidator validator = new GrantRequestValidator(REALM_CLIENTS::contains, id -> ISSUER);

    /** The whole form body. */
    @FuzzTest
    void form(byte[] body) {
        Map<String, List<String>> form;
        try {
            form = UrlEncodedForm.parse(body, StrictForms.MAX_BODY_BYTES).parameters();
        } catch (UrlEncodedForm.Malformed malformed) {
            return;
        }
        validate(form);
    }

    /** The {@code authorization_details} of an otherwise valid request: the JSON is where the parsing is. */
    @FuzzTest
    void authorizationDetails(byte[] input) {
        String details = new String(input, StandardCharsets.UTF_8);
        String body = "audience=calendar-api&scope=calendar.write+calendar.read&purpose=Move+the+meeting"
                + "&actor_token=eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJhZ2VudCJ9.c2ln"
                + "&actor_token_type=" + URLEncoder.encode(WireContract.ATTESTATION_TOKEN_TYPE, StandardCharsets.UTF_8)
                + "&authorization_details=" + URLEncoder.encode(details, StandardCharsets.UTF_8);
        try {
            validate(UrlEncodedForm.parse(body.getBytes(StandardCharsets.US_ASCII), Integer.MAX_VALUE)
                    .parameters());
        } catch (UrlEncodedForm.Malformed malformed) {
            throw new AssertionError("The harness's own form is malformed", malformed);
        }
    }

    private void validate(Map<String, List<String>> form) {
        GrantRequest request;
        try {
            request = validator.validate(PROFILE, form);
        } catch (InvalidRequest refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(REALM_CLIENTS).contains(request.audience());
        assertThat(request.scopes()).isNotEmpty().isSubsetOf(ALLOWED_SCOPES);
        assertThat(request.lifetime()).isPositive().isLessThanOrEqualTo(PROFILE.maxGrantLifetime());
        assertThat(request.maxUses()).isBetween(1, PROFILE.maxUses());
    }

    private static AgentProfile profile() {
        try {
            return AgentProfile.read(Map.of(
                    "agent-grant.enabled", "true",
                    "agent-grant.allowed-audiences", "calendar-api mail-api ghost-api",
                    "agent-grant.allowed-scopes", String.join(" ", ALLOWED_SCOPES),
                    "agent-grant.max-grant-lifetime", "7200",
                    "agent-grant.max-uses", "50",
                    "agent-grant.attestation-policy", "production-agents"));
        } catch (AgentProfileProblems problems) {
            throw new AssertionError(problems.problems());
        }
    }
}
