package dev.agentgrant.keycloak.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.Http;
import dev.agentgrant.keycloak.testing.KeycloakIntegrationTest;
import dev.agentgrant.keycloak.testing.KeycloakServer;
import dev.agentgrant.keycloak.testing.ToolProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo realm's code-integrity rule on a real Keycloak: demo-agent's policy wants the runtime attester's digest of
 * the code it saw running to be a subject of the build provenance ({@code same: [runtime.code_digest,
 * build.subject_digests]}). Evidence minted by the demo tools' evidence tool with the demo keys the realm trusts
 * (realm-exports/demo-evidence), the evidence the demo agent presents: when the runtime digest is the provenance subject's, the grant request is accepted; when it is
 * another, the request is refused with the wire contract's invalid_grant and the explain endpoint names that rule.
 */
@KeycloakIntegrationTest
class DemoRuntimeDigestIT {

    private static final String REALM = "agent-grant-demo";
    private static final String AGENT = "demo-agent";
    private static final String AGENT_SECRET = "demo-agent-secret";
    private static final String ARTIFACT = "agent-grant-demo-tools.jar";
    /** The index of the runtime rule in the demo policy's "same" (after the SPIFFE ID rule). */
    private static final String RUNTIME_RULE = "same[1]";

    @Test
    void aRuntimeDigestThatIsTheProvenanceSubjectPassesThePolicyAndTheGrantRequestIsCreated(KeycloakServer keycloak)
            throws Exception {
        String digest = digest("the demo agent as built");
        String presentation = presentation(keycloak, digest, digest);

        JsonNode explained = explain(keycloak, presentation);
        assertThat(explained.path("allowed").asBoolean())
                .as(explained.toString())
                .isTrue();
        assertThat(explained.path("facts").path("runtime.code_digest").asText()).isEqualTo(digest);
        assertThat(explained.path("facts").path("build.subject_digests").asText())
                .isEqualTo(digest);
        assertThat(rule(explained, RUNTIME_RULE).path("outcome").asText()).isEqualTo("passed");

        // The dry run consumed nothing: the same presentation makes the request.
        Http.Response created = request(keycloak, presentation);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("grant_id").asText()).isNotBlank();
        // It names nobody (no login_hint), so it shows on no one's "my grants" page, and expires unapproved.
    }

    @Test
    void aRuntimeDigestOtherThanTheProvenanceSubjectIsRefusedWithInvalidGrant(KeycloakServer keycloak)
            throws Exception {
        String built = digest("the demo agent as built");
        String running = digest("the demo agent, changed after its build");
        String presentation = presentation(keycloak, built, running);

        Http.Response refused = request(keycloak, presentation);

        // docs/wire-contract.md, "Request a grant": a presentation that fails the policy is invalid_grant, and the
        // client is not told which rule failed.
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refused.json().path("error_description").asText())
                .isEqualTo("The attestation presentation was not accepted");
        assertThat(refused.json().has("grant_id")).isFalse();
        assertThat(refused.body()).doesNotContain(running).doesNotContain("same[");

        // The admin's dry run says why: the runtime rule, and only it.
        JsonNode explained = explain(keycloak, presentation);
        assertThat(explained.path("allowed").asBoolean()).isFalse();
        assertThat(explained.path("stage").asText()).isEqualTo("policy");
        assertThat(rule(explained, RUNTIME_RULE).path("outcome").asText()).isEqualTo("failed");
        assertThat(rule(explained, RUNTIME_RULE).path("detail").asText()).contains("runtime.code_digest");
        List<String> failed = new ArrayList<>();
        explained.path("rules").forEach(rule -> {
            if (rule.path("outcome").asText().equals("failed")) {
                failed.add(rule.path("rule").asText());
            }
        });
        assertThat(failed).containsExactly(RUNTIME_RULE);
    }

    /**
     * What the demo agent presents (its AgentEvidence), minted by the evidence tool of the demo tools' jar as its
     * README does: SVID, service-account token, provenance of an artifact with digest {@code built}, and the runtime
     * attester's token saying the pod runs code with digest {@code running}.
     */
    private static String presentation(KeycloakServer keycloak, String built, String running) throws Exception {
        String issuer = keycloak.realmUri(REALM).toString();
        String pod = "demo-agent-7xk2p";
        String svid = evidence("svid", "--spiffe-id", "spiffe://example.org/agents/demo", "--audience", issuer);
        String k8s = evidence(
                "k8s-token",
                "--namespace",
                "agents",
                "--service-account",
                "demo-agent",
                "--pod",
                pod,
                "--audience",
                issuer);
        String provenance = evidence("provenance", "--subject-name", ARTIFACT, "--digest", built);
        String runtime = evidence(
                "runtime-token",
                "--namespace",
                "agents",
                "--pod",
                pod,
                "--artifact",
                ARTIFACT,
                "--digest",
                running,
                "--audience",
                issuer);
        return evidence(
                "presentation",
                "--agent",
                AGENT,
                "--audience",
                issuer,
                "--evidence",
                "spire=jwt:" + svid,
                "--evidence",
                "k8s=jwt:" + k8s,
                "--evidence",
                "build=dsse:@" + file(provenance),
                "--evidence",
                "runtime=jwt:" + runtime);
    }

    /** One command of {@code java -jar target/agent-grant-demo-tools.jar evidence} with the keys the realm trusts. */
    private static String evidence(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--dir", "realm-exports/demo-evidence"));
        try (ToolProgram tool = ToolProgram.startJar("evidence", command.toArray(String[]::new))) {
            assertThat(tool.awaitExit(Duration.ofMinutes(1))).as(tool.output()).isZero();
            return tool.output().strip();
        }
    }

    private static String file(String content) throws Exception {
        Path file = Files.createTempFile("demo-provenance", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, content);
        return file.toString();
    }

    private static Http.Response request(KeycloakServer keycloak, String presentation) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("audience", "demo-api");
        form.put("scope", "calendar.read");
        form.put("purpose", "Check that the running code is the build");
        form.put("actor_token", presentation);
        form.put("actor_token_type", "urn:agentgrant:token-type:attestation");
        return keycloak.http()
                .postForm(
                        "/realms/" + REALM + "/agent-grant/requests",
                        form,
                        "Authorization",
                        Http.basic(AGENT, AGENT_SECRET));
    }

    private static JsonNode explain(KeycloakServer keycloak, String presentation) {
        return keycloak.admin()
                .post(
                        "/realms/" + REALM + "/agent-grant/attestation/explain",
                        Map.of("client_id", AGENT, "presentation", presentation))
                .expect(200)
                .json();
    }

    private static JsonNode rule(JsonNode explained, String id) {
        for (JsonNode rule : explained.path("rules")) {
            if (rule.path("rule").asText().equals(id)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + id + " in " + explained);
    }

    private static String digest(String content) throws Exception {
        return "sha256:"
                + HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
