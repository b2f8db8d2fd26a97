package dev.agentgrant.demo.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SLSA provenance v1 (slsa.dev/spec/v1.0/provenance) in an in-toto Statement v1 (spec/v1/statement.md), signed into a
 * DSSE envelope v1.0 with the provenance key.
 */
public final class Provenance {

    static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";

    /** How and from what the subject was built; {@code sha} (the source commit) may be null. */
    public record Build(
            String builderId, String repository, String ref, String workflowPath, String buildType, String sha) {

        /** A GitHub-hosted runner building https://github.com/acme/agent from refs/heads/main. */
        public static Build defaults() {
            return new Build(
                    "https://github.com/actions/runner/github-hosted",
                    "https://github.com/acme/agent",
                    "refs/heads/main",
                    ".github/workflows/release.yml",
                    "https://actions.github.io/buildtypes/workflow/v1",
                    null);
        }
    }

    private final StateDir state;

    public Provenance(StateDir state) {
        this.state = state;
    }

    /**
     * The envelope, one line of JSON, about one subject ({@code digest} is ALG:HEX). {@code keyid} is the signature's
     * hint; null for the key's RFC 7638 thumbprint, the id Keycloak gives a key configured as PEM, "" for none.
     */
    public String envelope(String subjectName, String digest, Build build, String keyid)
            throws IOException, GeneralSecurityException {
        int colon = digest.indexOf(':');
        Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> statement = Json.map(
                "_type",
                STATEMENT_TYPE,
                "subject",
                List.of(Json.map(
                        "name",
                        subjectName,
                        "digest",
                        Json.map(digest.substring(0, colon), digest.substring(colon + 1)))),
                "predicateType",
                SLSA_PROVENANCE_V1,
                "predicate",
                Json.map(
                        "buildDefinition", buildDefinition(build),
                        "runDetails",
                                Json.map(
                                        "builder", Json.map("id", build.builderId()),
                                        "metadata",
                                                Json.map(
                                                        "invocationId",
                                                                build.repository() + "/actions/runs/"
                                                                        + (1_000_000_000L
                                                                                + new SecureRandom()
                                                                                        .nextInt(1_000_000_000))
                                                                        + "/attempts/1",
                                                        "startedOn",
                                                                finished.minusSeconds(90)
                                                                        .toString(),
                                                        "finishedOn", finished.toString()))));

        ECPublicKey signer = state.provenanceSigner();
        byte[] payload = Json.compact(statement).getBytes(StandardCharsets.UTF_8);
        byte[] signature = Dsse.sign(state.privateKey(StateDir.PROVENANCE_KEY), IN_TOTO_PAYLOAD_TYPE, payload);
        if (!Dsse.verify(signer, IN_TOTO_PAYLOAD_TYPE, payload, signature)) {
            throw new ToolFailure(StateDir.PROVENANCE_SIGNER + " is not the public key of " + StateDir.PROVENANCE_KEY);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        String hint = keyid == null ? thumbprint(signer) : keyid;
        if (!hint.isEmpty()) {
            entry.put("keyid", hint);
        }
        entry.put("sig", Base64.getEncoder().encodeToString(signature));
        // DSSE envelope v1.0: standard base64 for payload and sig.
        return Json.compact(Json.map(
                "payloadType",
                IN_TOTO_PAYLOAD_TYPE,
                "payload",
                Base64.getEncoder().encodeToString(payload),
                "signatures",
                List.of(entry)));
    }

    private static Map<String, Object> buildDefinition(Build build) {
        Map<String, Object> definition = Json.map(
                "buildType", build.buildType(),
                "externalParameters",
                        Json.map(
                                "workflow",
                                Json.map(
                                        "ref",
                                        build.ref(),
                                        "repository",
                                        build.repository(),
                                        "path",
                                        build.workflowPath())),
                "internalParameters",
                        Json.map("github", Json.map("event_name", "push", "runner_environment", "github-hosted")));
        if (build.sha() != null) {
            definition.put(
                    "resolvedDependencies",
                    List.of(Json.map(
                            "uri",
                            "git+" + build.repository() + "@" + build.ref(),
                            "digest",
                            Json.map("gitCommit", build.sha()))));
        }
        return definition;
    }

    static String thumbprint(ECPublicKey key) {
        try {
            return new ECKey.Builder(Curve.P_256, key)
                    .build()
                    .computeThumbprint()
                    .toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
