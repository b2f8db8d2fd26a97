package dev.agentgrant.keycloak.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;
import dev.agentgrant.demo.evidence.DemoEvidence;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.intoto.InTotoVerifier;
import dev.agentgrant.keycloak.attestation.intoto.SlsaProvenance;
import dev.agentgrant.keycloak.attestation.intoto.TrustedKey;
import dev.agentgrant.keycloak.attestation.kubernetes.ServiceAccountTokenVerifier;
import dev.agentgrant.keycloak.attestation.oidc.ClaimMapping;
import dev.agentgrant.keycloak.attestation.oidc.WorkloadTokenVerifier;
import dev.agentgrant.keycloak.attestation.policy.AgentContext;
import dev.agentgrant.keycloak.attestation.policy.AttestationPolicy;
import dev.agentgrant.keycloak.attestation.policy.PolicyDecision;
import dev.agentgrant.keycloak.attestation.policy.PolicyEvaluator;
import dev.agentgrant.keycloak.attestation.presentation.EvidenceItem;
import dev.agentgrant.keycloak.attestation.presentation.PresentationVerifier;
import dev.agentgrant.keycloak.attestation.presentation.VerifiedPresentation;
import dev.agentgrant.keycloak.attestation.spiffe.JwtSvidVerifier;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the evidence tool (the demo tools' {@code evidence}, tools/demo-evidence/README.md) command by command, as its
 * command line would, and checks everything it writes with the extension's own verifiers: the tool signs with Nimbus
 * JOSE+JWT and the JDK through code of its own (key files, claims, DSSE), so each check compares the extension's
 * reading with what the tool meant to write. Keys and evidence are made once for the class and each test reads them.
 */
class DemoEvidenceTest {

    private static final String AUDIENCE = "https://sso.example.com/realms/agent-grant-demo";
    private static final String SPIFFE_ID = "spiffe://example.org/agents/demo";
    private static final String K8S_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    private static final String RUNTIME_ISSUER = "https://runtime-attester.example.org";
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";
    /** The policy tools/demo-evidence/README.md sets on demo-agent. */
    private static final String README_POLICY = """
            {
              "require": ["spire", "build"],
              "facts": [
                {"fact": "spire.spiffe_id", "equals": "spiffe://example.org/agents/demo"},
                {"fact": "build.builder_id", "glob": "https://github.com/actions/runner/*"}
              ],
              "key_binding": "if_present"
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    static Path state;

    private static Path artifact;
    private static String svid;
    private static String k8sToken;
    private static String githubToken;
    private static String envelope;
    private static String runtimeToken;

    /** What one run of the tool did. */
    record Run(int exit, String out, String err) {

        String output() {
            assertThat(exit).as("exit code; stderr: " + err).isZero();
            return out.strip();
        }
    }

    @BeforeAll
    static void initAndMint() throws Exception {
        tool("init").output();
        artifact = state.resolve("agent.tar");
        Files.writeString(artifact, "the agent's release artifact\n");
        svid = tool("svid", "--spiffe-id", SPIFFE_ID, "--audience", AUDIENCE, "--bind")
                .output();
        k8sToken = tool(
                        "k8s-token",
                        "--namespace",
                        "agents",
                        "--service-account",
                        "demo-agent",
                        "--pod",
                        "demo-agent-5d8f7",
                        "--audience",
                        AUDIENCE)
                .output();
        githubToken = tool(
                        "oidc-token",
                        "--repository",
                        "acme/agent",
                        "--ref",
                        "refs/heads/main",
                        "--sha",
                        SHA,
                        "--workflow",
                        "release",
                        "--audience",
                        AUDIENCE)
                .output();
        envelope = tool("provenance", "--subject-name", "agent.tar", "--file", artifact.toString(), "--sha", SHA)
                .output();
        runtimeToken = tool(
                        "runtime-token",
                        "--namespace",
                        "agents",
                        "--pod",
                        "demo-agent-5d8f7",
                        "--file",
                        artifact.toString(),
                        "--audience",
                        AUDIENCE)
                .output();
    }

    // ------------------------------------------------------------------------------------------ trust anchors

    @Test
    void theSpiffeBundleHoldsOneJwtSvidKeyWithAKid() throws Exception {
        JWKSet bundle = TrustMaterial.parseSpiffeBundle(read("spiffe-bundle.json"));

        assertThat(bundle.getKeys()).hasSize(1);
        JWK key = bundle.getKeys().get(0);
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(JSON.readTree(read("spiffe-bundle.json"))
                        .path("spiffe_sequence")
                        .asInt())
                .isEqualTo(1);
        assertThat(JSON.readTree(read("spiffe-bundle.json"))
                        .path("keys")
                        .get(0)
                        .path("use")
                        .asText())
                .isEqualTo("jwt-svid");
    }

    @Test
    void theJwksAreSignatureKeySetsAndTheKeysDiffer() throws Exception {
        JWKSet k8s = TrustMaterial.parseJwks(read("k8s-jwks.json"));
        JWKSet github = TrustMaterial.parseJwks(read("oidc-jwks.json"));
        JWKSet runtime = TrustMaterial.parseJwks(read("runtime-jwks.json"));

        assertThat(List.of(k8s, github, runtime)).allSatisfy(set -> {
            assertThat(set.getKeys()).hasSize(1);
            assertThat(set.getKeys().get(0).getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(set.getKeys().get(0).getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        });
        assertThat(List.of(k8s, github, runtime))
                .extracting(set -> set.getKeys().get(0).getKeyID())
                .doesNotHaveDuplicates();
        assertThat(List.of(k8s, github, runtime))
                .extracting(set -> set.getKeys().get(0).computeThumbprint())
                .doesNotHaveDuplicates();
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        for (String file : List.of(
                "spire-key.pem",
                "k8s-key.pem",
                "oidc-key.pem",
                "runtime-key.pem",
                "provenance-key.pem",
                "instance-key.json")) {
            assertThat(Files.getPosixFilePermissions(state.resolve(file)))
                    .as(file)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(read("spire-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void sourcesJsonDefinesTheFiveSourcesAsKeycloakComponents() throws Exception {
        JsonNode sources = JSON.readTree(read("sources.json"));

        assertThat(sources).hasSize(5);
        assertThat(sources.findValuesAsText("name")).containsExactly("spire", "k8s", "gha", "build", "runtime");
        assertThat(sources.findValuesAsText("providerId"))
                .containsExactly(
                        "spiffe-jwt-svid", "kubernetes-service-account", "oidc-workload", "in-toto", "oidc-workload");
        for (JsonNode source : sources) {
            assertThat(source.path("providerType").asText()).isEqualTo(PROVIDER_TYPE);
            assertThat(source.path("parentId").asText()).isEqualTo("<realm-id>");
            source.path("config")
                    .properties()
                    .forEach(option -> assertThat(option.getValue().isArray()
                                    && option.getValue().size() == 1)
                            .as(source.path("name").asText() + " " + option.getKey() + " is a one-value list")
                            .isTrue());
        }
        assertThat(config("spire", "trust-domain")).isEqualTo("example.org");
        assertThat(TrustMaterial.parseSpiffeBundle(config("spire", "trust")).toJSONObject())
                .isEqualTo(TrustMaterial.parseSpiffeBundle(read("spiffe-bundle.json"))
                        .toJSONObject());
        assertThat(config("k8s", "issuer")).isEqualTo(K8S_ISSUER);
        assertThat(TrustMaterial.parseJwks(config("k8s", "trust")).toJSONObject())
                .isEqualTo(TrustMaterial.parseJwks(read("k8s-jwks.json")).toJSONObject());
        assertThat(config("gha", "issuer")).isEqualTo(GITHUB_ISSUER);
        assertThat(claimMapping().paths())
                .containsExactly(
                        Map.entry("repository", "repository"),
                        Map.entry("ref", "ref"),
                        Map.entry("sha", "sha"),
                        Map.entry("workflow", "workflow"));
        assertThat(config("build", "trust")).isEqualTo(read("provenance-signer.pem"));
        assertThat(config("runtime", "issuer")).isEqualTo(RUNTIME_ISSUER);
        assertThat(TrustMaterial.parseJwks(config("runtime", "trust")).toJSONObject())
                .isEqualTo(TrustMaterial.parseJwks(read("runtime-jwks.json")).toJSONObject());
        assertThat(claimMapping("runtime").paths())
                .containsExactly(
                        Map.entry("code_digest", "workload.artifact_digest"),
                        Map.entry("artifact", "workload.artifact"));
        assertThat(config("runtime", "required-facts")).isEqualTo("code_digest");
    }

    // ------------------------------------------------------------------------------------------ evidence

    @Test
    void theSvidVerifiesAgainstTheBundleAndBindsTheInstanceKey() throws Exception {
        VerifiedEvidence verified = svidVerifier().verify("spire", svid);

        assertThat(verified.facts())
                .containsEntry("spiffe_id", SPIFFE_ID)
                .containsEntry("trust_domain", "example.org")
                .containsEntry("path", "/agents/demo");
        assertThat(verified.confirmationKeyThumbprint()).contains(instanceThumbprint());
        assertThat(Duration.between(
                        verified.issuedAt().orElseThrow(), verified.expiresAt().orElseThrow()))
                .isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void theServiceAccountTokenVerifiesAgainstTheClusterKeys() throws Exception {
        VerifiedEvidence verified = new ServiceAccountTokenVerifier(
                        new ServiceAccountTokenVerifier.Settings(
                                K8S_ISSUER,
                                TrustMaterial.parseJwks(read("k8s-jwks.json")),
                                AUDIENCE,
                                Set.of(JWSAlgorithm.ES256),
                                Duration.ofHours(1)),
                        CLOCK)
                .verify("k8s", k8sToken);

        assertThat(verified.facts())
                .containsEntry("issuer", K8S_ISSUER)
                .containsEntry("namespace", "agents")
                .containsEntry("service_account", "demo-agent")
                .containsEntry("pod", "demo-agent-5d8f7")
                .containsEntry("subject", "system:serviceaccount:agents:demo-agent")
                .containsKeys("service_account_uid", "pod_uid");
        assertThat(verified.confirmationKeyThumbprint()).isEmpty();
    }

    @Test
    void theGithubTokenVerifiesAndItsClaimsMapToFactsWithTheMappingOfSourcesJson() throws Exception {
        VerifiedEvidence verified =
                githubVerifier(read("oidc-jwks.json"), JWSAlgorithm.ES256).verify("gha", githubToken);

        assertThat(verified.facts())
                .containsEntry("issuer", GITHUB_ISSUER)
                .containsEntry("subject", "repo:acme/agent:ref:refs/heads/main")
                .containsEntry("repository", "acme/agent")
                .containsEntry("ref", "refs/heads/main")
                .containsEntry("sha", SHA)
                .containsEntry("workflow", "release");
        assertThat(claimsOf(githubToken))
                .containsKeys("job_workflow_ref", "repository_owner", "run_id", "actor", "event_name");
    }

    @Test
    void theProvenanceEnvelopeVerifiesWithThePemSignerAndNamesTheArtifact() throws Exception {
        VerifiedEvidence verified = inTotoVerifier().verify("build", envelope);

        assertThat(verified.facts())
                .containsEntry("predicate_type", SlsaProvenance.PREDICATE_TYPE)
                .containsEntry("subject_digests", "sha256:" + sha256Hex(Files.readAllBytes(artifact)))
                .containsEntry("subject_names", "agent.tar")
                .containsEntry("builder_id", "https://github.com/actions/runner/github-hosted")
                .containsEntry("build_type", "https://actions.github.io/buildtypes/workflow/v1")
                .containsEntry("source_repository", "https://github.com/acme/agent")
                .containsEntry("source_ref", "refs/heads/main")
                .containsEntry("source_digest", "gitCommit:" + SHA);
        assertThat(verified.issuedAt()).isPresent();
        assertThat(JSON.readTree(envelope)
                        .path("signatures")
                        .get(0)
                        .path("keyid")
                        .asText())
                .isEqualTo(signerKey().getKeyID());
    }

    @Test
    void theRuntimeTokenVerifiesAndNamesTheDigestOfTheRunningArtifactAsItsCodeDigest() throws Exception {
        VerifiedEvidence verified = runtimeVerifier().verify("runtime", runtimeToken);

        assertThat(verified.facts())
                .containsOnly(
                        Map.entry("issuer", RUNTIME_ISSUER),
                        Map.entry("subject", "agents/demo-agent-5d8f7"),
                        Map.entry("code_digest", "sha256:" + sha256Hex(Files.readAllBytes(artifact))),
                        Map.entry("artifact", "agent.tar"));
        assertThat(claimsOf(runtimeToken).get("workload"))
                .isEqualTo(Map.of(
                        "namespace",
                        "agents",
                        "pod",
                        "demo-agent-5d8f7",
                        "artifact",
                        "agent.tar",
                        "artifact_digest",
                        "sha256:" + sha256Hex(Files.readAllBytes(artifact))));
        assertThat(Duration.between(
                        verified.issuedAt().orElseThrow(), verified.expiresAt().orElseThrow()))
                .isEqualTo(Duration.ofSeconds(300));
        assertThat(verified.confirmationKeyThumbprint()).isEmpty();
    }

    @Test
    void aRuntimeTokenOfAnotherDigestFailsTheSameRuleAgainstTheProvenanceAndOfTheArtifactPassesIt() throws Exception {
        String other = tool(
                        "runtime-token",
                        "--namespace",
                        "agents",
                        "--pod",
                        "demo-agent-5d8f7",
                        "--digest",
                        "sha256:" + "0".repeat(64),
                        "--artifact",
                        "agent.tar",
                        "--audience",
                        AUDIENCE,
                        "--bind")
                .output();
        assertThat(claimsOf(other)).containsKey("cnf");
        AttestationPolicy policy = AttestationPolicy.parse(
                "{\"require\": [\"build\", \"runtime\"], \"same\": [[\"runtime.code_digest\", \"build.subject_digests\"]]}");

        PolicyDecision matching = new PolicyEvaluator(CLOCK)
                .evaluate(
                        policy,
                        List.of(
                                inTotoVerifier().verify("build", envelope),
                                runtimeVerifier().verify("runtime", runtimeToken)),
                        instanceThumbprint(),
                        AgentContext.of("demo-agent", null));
        PolicyDecision mismatching = new PolicyEvaluator(CLOCK)
                .evaluate(
                        policy,
                        List.of(
                                inTotoVerifier().verify("build", envelope),
                                runtimeVerifier().verify("runtime", other)),
                        instanceThumbprint(),
                        AgentContext.of("demo-agent", null));

        assertThat(matching.allowed()).as(matching.results().toString()).isTrue();
        assertThat(mismatching.allowed()).isFalse();
        assertThat(mismatching.firstFailure().orElseThrow().ruleId()).isEqualTo("same[0]");
    }

    @Test
    void digestPrintsTheSha256OfAFile() throws Exception {
        assertThat(tool("digest", "--file", artifact.toString()).output())
                .isEqualTo("sha256:" + sha256Hex(Files.readAllBytes(artifact)));
    }

    @Test
    void thePresentationCarriesTheEvidenceIsSignedByTheInstanceKeyAndSatisfiesTheReadmePolicy() throws Exception {
        Path envelopeFile = state.resolve("provenance.json");
        Files.writeString(envelopeFile, envelope + "\n");

        String presentation = toolWithInput(
                        svid + "\n",
                        "presentation",
                        "--agent",
                        "demo-agent",
                        "--audience",
                        AUDIENCE,
                        "--evidence",
                        "spire=jwt:@-",
                        "--evidence",
                        "build=dsse:@" + envelopeFile,
                        "--jti",
                        "demo-1")
                .output();
        VerifiedPresentation verified = new PresentationVerifier(CLOCK).verify(presentation, "demo-agent", AUDIENCE);

        assertThat(verified.jti()).isEqualTo("demo-1");
        assertThat(verified.instanceKeyThumbprint()).isEqualTo(instanceThumbprint());
        assertThat(Duration.between(verified.issuedAt(), verified.expiresAt())).isEqualTo(Duration.ofSeconds(30));
        assertThat(verified.evidence())
                .containsExactly(
                        new EvidenceItem("spire", EvidenceItem.Format.JWT, svid),
                        new EvidenceItem("build", EvidenceItem.Format.DSSE, envelope));

        List<VerifiedEvidence> evidence = List.of(
                svidVerifier().verify("spire", verified.evidence().get(0).value()),
                inTotoVerifier().verify("build", verified.evidence().get(1).value()));
        PolicyDecision decision = new PolicyEvaluator(CLOCK)
                .evaluate(
                        AttestationPolicy.parse(README_POLICY),
                        evidence,
                        verified.instanceKeyThumbprint(),
                        AgentContext.of("demo-agent", null));
        assertThat(decision.allowed()).as(decision.results().toString()).isTrue();
    }

    @Test
    void aDpopProofIsSignedByTheInstanceKeyItCarriesAndNamesTheRequestWithoutQueryAndTheToken() throws Exception {
        long before = CLOCK.instant().getEpochSecond();
        String proof = toolWithInput(
                        "the-access-token\n",
                        "dpop",
                        "--method",
                        "POST",
                        "--url",
                        AUDIENCE + "/protocol/openid-connect/token?x=1#part",
                        "--access-token",
                        "@-",
                        "--jti",
                        "proof-1")
                .output();

        // RFC 9449 §4.2–§4.3, checked with Nimbus: typ, alg, a public JWK that verifies the signature.
        SignedJWT jwt = SignedJWT.parse(proof);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("dpop+jwt"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        JWK key = jwt.getHeader().getJWK();
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.computeThumbprint().toString()).as("the instance key").isEqualTo(instanceThumbprint());
        assertThat(jwt.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
        Map<String, Object> claims = jwt.getJWTClaimsSet().toJSONObject();
        assertThat(claims).containsOnlyKeys("jti", "htm", "htu", "iat", "ath");
        assertThat(claims)
                .containsEntry("jti", "proof-1")
                .containsEntry("htm", "POST")
                .containsEntry("htu", AUDIENCE + "/protocol/openid-connect/token")
                .containsEntry(
                        "ath",
                        Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(MessageDigest.getInstance("SHA-256")
                                        .digest("the-access-token".getBytes(StandardCharsets.US_ASCII))));
        assertThat(((Number) claims.get("iat")).longValue())
                .isBetween(before, CLOCK.instant().getEpochSecond());
    }

    @Test
    void rs256AnchorsSignTokensTheVerifiersAccept(@TempDir Path rsaState) throws Exception {
        tool(rsaState, null, "init", "--oidc-alg", "RS256", "--oidc-issuer", "https://gitlab.example.com")
                .output();
        String token = tool(
                        rsaState,
                        null,
                        "oidc-token",
                        "--repository",
                        "acme/agent",
                        "--ref",
                        "refs/tags/v1.0.0",
                        "--sha",
                        SHA,
                        "--workflow",
                        "release",
                        "--audience",
                        AUDIENCE)
                .output();

        String jwks = Files.readString(rsaState.resolve("oidc-jwks.json"));
        assertThat(TrustMaterial.parseJwks(jwks).getKeys().get(0).getAlgorithm())
                .isEqualTo(JWSAlgorithm.RS256);
        VerifiedEvidence verified = new WorkloadTokenVerifier(
                        new WorkloadTokenVerifier.Settings(
                                "https://gitlab.example.com",
                                TrustMaterial.parseJwks(jwks),
                                AUDIENCE,
                                Set.of(JWSAlgorithm.RS256),
                                Duration.ofHours(1),
                                claimMapping(),
                                Set.of()),
                        CLOCK)
                .verify("gitlab", token);
        assertThat(verified.facts()).containsEntry("ref", "refs/tags/v1.0.0");
        assertThat(claimsOf(token)).containsEntry("ref_type", "tag");
    }

    // ------------------------------------------------------------------------------------------ refusals

    @Test
    void aSvidWithOneChangedPayloadCharacterIsRefused() throws Exception {
        String tampered = changeJwsPayload(svid, "/agents/demo", "/agents/demp");

        assertThat(reason(() -> svidVerifier().verify("spire", tampered))).isEqualTo("bad_signature");
    }

    @Test
    void aGithubTokenWithOneChangedPayloadCharacterIsRefused() throws Exception {
        String tampered = changeJwsPayload(githubToken, "acme/agent", "acme/agenu");

        assertThat(reason(() -> githubVerifier(read("oidc-jwks.json"), JWSAlgorithm.ES256)
                        .verify("gha", tampered)))
                .isEqualTo("bad_signature");
    }

    @Test
    void aProvenanceEnvelopeWithOneChangedPayloadCharacterIsRefused() throws Exception {
        Map<String, Object> parsed = JSON.readValue(envelope, new TypeReference<LinkedHashMap<String, Object>>() {});
        String statement =
                new String(Base64.getDecoder().decode((String) parsed.get("payload")), StandardCharsets.UTF_8);
        String changed = changeOnce(statement, "\"agent.tar\"", "\"agent.taz\"");
        parsed.put("payload", Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
        String tampered = JSON.writeValueAsString(parsed);

        assertThat(reason(() -> inTotoVerifier().verify("build", tampered))).isEqualTo("insufficient_signatures");
    }

    /**
     * Why the tool's default keyid is the key's thumbprint: a source configured with the PEM key knows it by that id
     * only, and a signature whose keyid hint names another id is not tried against it (DSSE protocol, keyid).
     */
    @Test
    void aSignatureWhoseKeyidIsNotThePemKeysThumbprintFindsNoTrustedKey() throws Exception {
        String spkiHash = sha256Hex(KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                        .decode(read("provenance-signer.pem")
                                .replace("-----BEGIN PUBLIC KEY-----", "")
                                .replace("-----END PUBLIC KEY-----", ""))))
                .getEncoded());
        String otherKeyid = tool(
                        "provenance", "--subject-name", "agent.tar", "--file", artifact.toString(), "--keyid", spkiHash)
                .output();

        assertThat(reason(() -> inTotoVerifier().verify("build", otherKeyid))).isEqualTo("insufficient_signatures");
    }

    @Test
    void aServiceAccountTokenIsRefusedByAnotherAnchorsKeys() throws Exception {
        ServiceAccountTokenVerifier withGithubKeys = new ServiceAccountTokenVerifier(
                new ServiceAccountTokenVerifier.Settings(
                        K8S_ISSUER,
                        TrustMaterial.parseJwks(read("oidc-jwks.json")),
                        AUDIENCE,
                        Set.of(JWSAlgorithm.ES256),
                        Duration.ofHours(1)),
                CLOCK);

        assertThat(reason(() -> withGithubKeys.verify("k8s", k8sToken))).isIn("unknown_key", "bad_signature");
    }

    record UsageCase(String name, List<String> args, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<UsageCase> usageErrors() {
        // The admin commands check every option before they connect: the URL below has no server behind it, so a
        // case that got as far as connecting would exit 1, not 2.
        String url = "http://127.0.0.1:9";
        return Stream.of(
                new UsageCase(
                        "a required option is missing",
                        List.of("svid", "--audience", AUDIENCE),
                        "--spiffe-id is required"),
                new UsageCase(
                        "a presentation may live 60 s at most",
                        List.of("presentation", "--agent", "demo-agent", "--audience", AUDIENCE, "--ttl", "61"),
                        "--ttl must be between 1 and 60"),
                new UsageCase("an unknown command", List.of("mint-everything"), "unknown command 'mint-everything'"),
                new UsageCase(
                        "a runtime token with both a digest and a file",
                        List.of(
                                "runtime-token",
                                "--namespace",
                                "agents",
                                "--pod",
                                "p",
                                "--digest",
                                "sha256:" + "0".repeat(64),
                                "--file",
                                "x",
                                "--audience",
                                AUDIENCE),
                        "give exactly one of --digest and --file"),
                new UsageCase(
                        "a runtime token with an upper-case digest",
                        List.of(
                                "runtime-token",
                                "--namespace",
                                "agents",
                                "--pod",
                                "p",
                                "--digest",
                                "sha256:" + "A".repeat(64),
                                "--audience",
                                AUDIENCE),
                        "--digest must be sha256:<64 hex>"),
                new UsageCase(
                        "a runtime token for a pod name that is no DNS name",
                        List.of(
                                "runtime-token",
                                "--namespace",
                                "agents",
                                "--pod",
                                "Demo_Agent",
                                "--digest",
                                "sha256:" + "0".repeat(64),
                                "--audience",
                                AUDIENCE),
                        "--pod must be an RFC 1123 subdomain"),
                new UsageCase(
                        "a DPoP proof for a method in lower case",
                        List.of("dpop", "--method", "post", "--url", AUDIENCE),
                        "--method must be an HTTP method in upper case"),
                new UsageCase(
                        "a DPoP proof for a URL that is not http(s)",
                        List.of("dpop", "--method", "GET", "--url", "urn:example:resource"),
                        "--url must be an http(s) URL"),
                new UsageCase(
                        "create-sources without a realm",
                        List.of("create-sources", "--url", url),
                        "--realm is required"),
                new UsageCase(
                        "an admin URL that is not http(s)",
                        List.of(
                                "explain",
                                "--url",
                                "ftp://localhost",
                                "--realm",
                                "agent-grant-demo",
                                "--client",
                                "demo-agent",
                                "--presentation",
                                "x"),
                        "--url must be an http(s) URL"),
                new UsageCase(
                        "register without a source",
                        List.of("register", "--url", url, "--realm", "agent-grant-demo", "--envelope", "{}"),
                        "--source is required"),
                new UsageCase(
                        "register with an envelope that is not a JSON object",
                        List.of(
                                "register",
                                "--url",
                                url,
                                "--realm",
                                "agent-grant-demo",
                                "--source",
                                "build",
                                "--envelope",
                                "[1]"),
                        "--envelope is not a JSON object"),
                new UsageCase(
                        "set-policy with broken policy JSON",
                        List.of(
                                "set-policy",
                                "--url",
                                url,
                                "--realm",
                                "agent-grant-demo",
                                "--client",
                                "demo-agent",
                                "--policy",
                                "{\"require\":"),
                        "--policy is not valid JSON"),
                new UsageCase(
                        "set-policy with a policy that is neither JSON object nor name",
                        List.of(
                                "set-policy",
                                "--url",
                                url,
                                "--realm",
                                "agent-grant-demo",
                                "--client",
                                "demo-agent",
                                "--policy",
                                "[\"spire\"]"),
                        "--policy must be a JSON object, or the name of a realm policy"),
                new UsageCase(
                        "set-policy without a client",
                        List.of("set-policy", "--url", url, "--realm", "agent-grant-demo", "--policy", "shared-policy"),
                        "--client is required"),
                new UsageCase(
                        "explain with an empty presentation",
                        List.of(
                                "explain",
                                "--url",
                                url,
                                "--realm",
                                "agent-grant-demo",
                                "--client",
                                "demo-agent",
                                "--presentation",
                                " "),
                        "--presentation is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorsExitWithCode2AndSayWhatIsWrong(UsageCase c) throws Exception {
        Run run = tool(c.args().toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(c.message());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void initRefusesToReplaceExistingKeysWithoutForce() throws Exception {
        String bundleBefore = read("spiffe-bundle.json");

        Run run = tool("init");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--force");
        assertThat(read("spiffe-bundle.json")).isEqualTo(bundleBefore);
    }

    // ------------------------------------------------------------------------------------------ admin commands

    @Test
    void createSourcesFillsInTheRealmIdSkipsExistingNamesAndReportsRefusals() throws Exception {
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.reply(
                    "GET /admin/realms/agent-grant-demo",
                    200,
                    "{\"id\":\"realm-uuid\",\"realm\":\"agent-grant-demo\"}");
            keycloak.reply(
                    "GET /admin/realms/agent-grant-demo/components?parent=realm-uuid&type=" + PROVIDER_TYPE,
                    200,
                    "[{\"id\":\"old-k8s\",\"name\":\"k8s\"}]");
            keycloak.reply(
                    "POST /admin/realms/agent-grant-demo/components",
                    request -> request.body().contains("\"name\":\"gha\"")
                            ? StubServer.Reply.of(400, "{\"errorMessage\":\"issuer: must be an https URL\"}")
                            : new StubServer.Reply(
                                    201,
                                    "",
                                    Map.of(
                                            "Location",
                                            keycloak.url() + "/admin/realms/agent-grant-demo/components/new-id")));

            Run run = tool("create-sources", "--url", keycloak.url() + "/", "--realm", "agent-grant-demo");

            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            assertThat(run.out())
                    .contains(
                            "created spire (id new-id)",
                            "skipped k8s",
                            "old-k8s",
                            "created build (id new-id)",
                            "created runtime (id new-id)");
            assertThat(run.err())
                    .contains("refused gha: HTTP 400: issuer: must be an https URL", "1 of 5 sources were refused");
            List<JsonNode> posted = keycloak.bodies("POST /admin/realms/agent-grant-demo/components");
            assertThat(posted)
                    .extracting(body -> body.path("name").asText())
                    .containsExactly("spire", "gha", "build", "runtime");
            assertThat(posted).allSatisfy(body -> {
                assertThat(body.path("parentId").asText()).isEqualTo("realm-uuid");
                assertThat(body.path("providerType").asText()).isEqualTo(PROVIDER_TYPE);
            });
            assertThat(posted.get(0).path("config"))
                    .isEqualTo(JSON.readTree(read("sources.json")).get(0).path("config"));
            keycloak.assertSignedInAs("admin", "admin");
        }
    }

    @Test
    void setPolicyPutsTheWholeClientBackWithTheCompactPolicyAttribute() throws Exception {
        Path policyFile = state.resolve("policy.json");
        Files.writeString(policyFile, README_POLICY);
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.reply(
                    "GET /admin/realms/agent-grant-demo/clients?clientId=demo-agent",
                    200,
                    "[{\"id\":\"client-uuid\",\"clientId\":\"demo-agent\"}]");
            keycloak.reply(
                    "GET /admin/realms/agent-grant-demo/clients/client-uuid",
                    200,
                    "{\"id\":\"client-uuid\","
                            + "\"clientId\":\"demo-agent\",\"secret\":\"demo-agent-secret\",\"serviceAccountsEnabled\":true,"
                            + "\"attributes\":{\"agent-grant.enabled\":\"true\"},\"redirectUris\":[]}");
            keycloak.reply("PUT /admin/realms/agent-grant-demo/clients/client-uuid", 204, "");

            Run run = tool(
                    "set-policy",
                    "--url",
                    keycloak.url(),
                    "--realm",
                    "agent-grant-demo",
                    "--client",
                    "demo-agent",
                    "--policy",
                    "@" + policyFile,
                    "--user",
                    "root",
                    "--password",
                    "s3cret&x=1");

            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode put = keycloak.bodies("PUT /admin/realms/agent-grant-demo/clients/client-uuid")
                    .get(0);
            assertThat(put.path("secret").asText()).isEqualTo("demo-agent-secret");
            assertThat(put.path("serviceAccountsEnabled").asBoolean()).isTrue();
            assertThat(put.path("attributes").path("agent-grant.enabled").asText())
                    .isEqualTo("true");
            String policy = put.path("attributes")
                    .path("agent-grant.attestation-policy")
                    .asText();
            assertThat(policy).doesNotContain("\n", " ");
            assertThat(JSON.readTree(policy)).isEqualTo(JSON.readTree(README_POLICY));
            assertThat(AttestationPolicy.parse(policy))
                    .as("the extension accepts it")
                    .isNotNull();
            keycloak.assertSignedInAs("root", "s3cret&x=1");
        }
    }

    @Test
    void registerSendsTheEnvelopeAsAJsonObjectAndFailsWithKeycloaksMessage() throws Exception {
        Path envelopeFile = state.resolve("register-envelope.json");
        Files.writeString(envelopeFile, envelope + "\n");
        String path = "POST /admin/realms/agent-grant-demo/agent-grant/provenance";
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.reply(path, 201, "{\"id\":\"p-1\",\"subject_digests\":[\"sha256:00\"]}");

            Run registered = tool(
                    "register",
                    "--url",
                    keycloak.url(),
                    "--realm",
                    "agent-grant-demo",
                    "--source",
                    "build",
                    "--envelope",
                    "@" + envelopeFile);
            keycloak.reply(path, 409, "{\"errorMessage\":\"This envelope is already registered as p-1\"}");
            Run again = tool(
                    "register",
                    "--url",
                    keycloak.url(),
                    "--realm",
                    "agent-grant-demo",
                    "--source",
                    "build",
                    "--envelope",
                    "@" + envelopeFile);

            assertThat(registered.exit()).as(registered.err()).isZero();
            assertThat(JSON.readTree(registered.out()).path("id").asText()).isEqualTo("p-1");
            JsonNode body = keycloak.bodies(path).get(0);
            assertThat(body.path("source").asText()).isEqualTo("build");
            assertThat(body.path("envelope")).isEqualTo(JSON.readTree(envelope));
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("HTTP 409: This envelope is already registered as p-1");
        }
    }

    @Test
    void explainPostsTheClientAndThePresentationAndPrintsTheAnswer() throws Exception {
        String path = "POST /admin/realms/agent-grant-demo/agent-grant/attestation/explain";
        String answer = "{\"allowed\":false,\"stage\":\"policy\",\"reason\":\"policy_denied\"}";
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.reply(path, 200, answer);

            Run run = toolWithInput(
                    "eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n",
                    "explain",
                    "--url",
                    keycloak.url(),
                    "--realm",
                    "agent-grant-demo",
                    "--client",
                    "demo-agent",
                    "--presentation",
                    "@-");

            assertThat(run.exit())
                    .as("a refusal is an answer, not a failure: " + run.err())
                    .isZero();
            assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(answer));
            JsonNode body = keycloak.bodies(path).get(0);
            assertThat(body.path("client_id").asText()).isEqualTo("demo-agent");
            assertThat(body.path("presentation").asText()).isEqualTo("eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
        }
    }

    @Test
    void aRefusedSignInFailsWithTheTokenEndpointsMessageAndSendsNothingElse() throws Exception {
        try (FakeKeycloak keycloak = new FakeKeycloak()) {
            keycloak.reply(
                    FakeKeycloak.TOKEN,
                    401,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");

            Run run = tool(
                    "explain",
                    "--url",
                    keycloak.url(),
                    "--realm",
                    "agent-grant-demo",
                    "--client",
                    "demo-agent",
                    "--presentation",
                    "x",
                    "--password",
                    "wrong");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err())
                    .contains("signing in to the master realm as admin failed: HTTP 401: Invalid user credentials");
            assertThat(keycloak.requests()).extracting(StubServer.Request::line).containsExactly(FakeKeycloak.TOKEN);
        }
    }

    @Test
    void anUnreachableKeycloakIsAFailureNotAUsageError() throws Exception {
        String url;
        try (FakeKeycloak closed = new FakeKeycloak()) {
            url = closed.url();
        }

        Run run = tool(
                "explain",
                "--url",
                url,
                "--realm",
                "agent-grant-demo",
                "--client",
                "demo-agent",
                "--presentation",
                "x");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to " + url);
    }

    /** A stand-in for Keycloak's HTTP API: its master realm's token endpoint signs the admin in with "token-1". */
    private static final class FakeKeycloak implements AutoCloseable {
        static final String TOKEN = "POST /realms/master/protocol/openid-connect/token";

        private final StubServer server = new StubServer();

        FakeKeycloak() {
            reply(TOKEN, 200, "{\"access_token\":\"token-1\",\"expires_in\":60,\"token_type\":\"Bearer\"}");
        }

        String url() {
            return server.url();
        }

        void reply(String line, int status, String body) {
            server.on(line, status, body);
        }

        void reply(String line, Function<StubServer.Request, StubServer.Reply> reply) {
            server.on(line, reply);
        }

        List<StubServer.Request> requests() {
            return server.requests();
        }

        /** The JSON bodies sent as {@code line}; each must carry the access token and say it is JSON. */
        List<JsonNode> bodies(String line) throws IOException {
            List<JsonNode> bodies = new ArrayList<>();
            for (StubServer.Request request : requests()) {
                if (request.line().equals(line)) {
                    assertThat(request.header("Authorization")).as(line).isEqualTo("Bearer token-1");
                    assertThat(request.header("Content-Type")).as(line).startsWith("application/json");
                    bodies.add(JSON.readTree(request.body()));
                }
            }
            assertThat(bodies).as("requests " + line).isNotEmpty();
            return bodies;
        }

        /** The first request was the password grant of admin-cli (RFC 6749 §4.3.2) with these credentials. */
        void assertSignedInAs(String user, String password) {
            StubServer.Request first = requests().get(0);
            assertThat(first.line()).isEqualTo(TOKEN);
            assertThat(first.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(first.form())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "grant_type",
                            "password",
                            "client_id",
                            "admin-cli",
                            "username",
                            user,
                            "password",
                            password));
            assertThat(requests().subList(1, requests().size()))
                    .allSatisfy(request ->
                            assertThat(request.header("Authorization")).isEqualTo("Bearer token-1"));
        }

        @Override
        public void close() {
            server.close();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static JwtSvidVerifier svidVerifier() throws Exception {
        return new JwtSvidVerifier(
                new JwtSvidVerifier.Settings(
                        "example.org",
                        TrustMaterial.parseSpiffeBundle(read("spiffe-bundle.json")),
                        AUDIENCE,
                        Set.of(JWSAlgorithm.ES256),
                        Duration.ofHours(1)),
                CLOCK);
    }

    private static WorkloadTokenVerifier githubVerifier(String jwks, JWSAlgorithm alg) throws Exception {
        return new WorkloadTokenVerifier(
                new WorkloadTokenVerifier.Settings(
                        GITHUB_ISSUER,
                        TrustMaterial.parseJwks(jwks),
                        AUDIENCE,
                        Set.of(alg),
                        Duration.ofHours(1),
                        claimMapping(),
                        Set.of("repository", "sha")),
                CLOCK);
    }

    /** The in-toto source as Keycloak builds it from a PEM trust value: the PEM key, its thumbprint as key id. */
    private static InTotoVerifier inTotoVerifier() throws Exception {
        return new InTotoVerifier(
                new InTotoVerifier.Settings(
                        List.of(TrustedKey.fromJwk(signerKey())),
                        1,
                        Set.of(SlsaProvenance.PREDICATE_TYPE),
                        Duration.ofDays(90)),
                CLOCK);
    }

    private static JWK signerKey() throws Exception {
        return TrustMaterial.parsePem(read("provenance-signer.pem")).getKeys().get(0);
    }

    private static ClaimMapping claimMapping() throws Exception {
        return claimMapping("gha");
    }

    private static ClaimMapping claimMapping(String source) throws Exception {
        return ClaimMapping.parse(
                JSON.readValue(config(source, "claim-mapping"), new TypeReference<LinkedHashMap<String, String>>() {}));
    }

    /** The runtime source as sources.json configures it: its issuer, keys, claim mapping and required fact. */
    private static WorkloadTokenVerifier runtimeVerifier() throws Exception {
        return new WorkloadTokenVerifier(
                new WorkloadTokenVerifier.Settings(
                        config("runtime", "issuer"),
                        TrustMaterial.parseJwks(config("runtime", "trust")),
                        AUDIENCE,
                        Set.of(JWSAlgorithm.ES256),
                        Duration.ofMinutes(10),
                        claimMapping("runtime"),
                        Set.of(config("runtime", "required-facts"))),
                CLOCK);
    }

    private static String instanceThumbprint() throws Exception {
        return JWK.parse(read("instance-key.json"))
                .toPublicJWK()
                .computeThumbprint()
                .toString();
    }

    private static String config(String source, String option) throws Exception {
        for (JsonNode node : JSON.readTree(read("sources.json"))) {
            if (node.path("name").asText().equals(source)) {
                return node.path("config").path(option).get(0).asText();
            }
        }
        throw new AssertionError("no source " + source + " in sources.json");
    }

    private static Map<String, Object> claimsOf(String compact) throws IOException {
        byte[] payload = Base64.getUrlDecoder().decode(compact.split("\\.")[1]);
        return JSON.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    /** The same JWS with one character of its decoded payload changed and the original signature kept. */
    private static String changeJwsPayload(String compact, String from, String to) {
        String[] parts = compact.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = changeOnce(payload, from, to);
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static String changeOnce(String text, String from, String to) {
        assertThat(from).hasSameSizeAs(to);
        int differences = 0;
        for (int i = 0; i < from.length(); i++) {
            differences += from.charAt(i) == to.charAt(i) ? 0 : 1;
        }
        assertThat(differences).as("one character changes").isEqualTo(1);
        assertThat(text).contains(from);
        return text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    @FunctionalInterface
    private interface Verification {
        Object verify() throws Exception;
    }

    private static String reason(Verification verification) {
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, verification::verify);
        assertThat(rejection).as("refused").isNotNull();
        return rejection.reason();
    }

    private static String read(String file) throws IOException {
        return Files.readString(state.resolve(file));
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static Run tool(String... args) throws Exception {
        return tool(state, null, args);
    }

    private static Run toolWithInput(String input, String... args) throws Exception {
        return tool(state, input, args);
    }

    /** One run of the tool's command line, {@code --dir} added, with {@code input} (or nothing) on standard input. */
    private static Run tool(Path dir, String input, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.add("--dir");
        command.add(dir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DemoEvidence.run(
                command.toArray(String[]::new),
                new ByteArrayInputStream(input == null ? new byte[0] : input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
