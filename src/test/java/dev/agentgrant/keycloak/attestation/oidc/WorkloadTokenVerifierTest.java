package dev.agentgrant.keycloak.attestation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Generic OIDC workload tokens with claim mapping, the JWS rules of RFC 8725 and RFC 7519 §4.1 claims and time. */
class WorkloadTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final String REALM = "https://sso.example.com/realms/acme";
    private static final String GITHUB = "https://token.actions.githubusercontent.com";
    private static final String GITHUB_KID = "38826b17-6a30-5f9b-b169-8beb8202f723";
    private static final TestKeys GITHUB_RSA = TestKeys.rsa(2048);
    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys ED = TestKeys.ed25519();

    private static final JWKSet ISSUER_KEYS = new JWKSet(List.of(
            new RSAKey.Builder((RSAKey) GITHUB_RSA.publicJwk())
                    .keyID(GITHUB_KID)
                    .build(),
            new ECKey.Builder((ECKey) EC.publicJwk()).keyID("ec-1").build(),
            new OctetKeyPair.Builder((OctetKeyPair) ED.publicJwk())
                    .keyID("ed-1")
                    .build()));

    private static final Map<String, String> GITHUB_MAPPING =
            mapping("repository", "repository", "ref", "ref", "sha", "sha", "workflow", "workflow");

    private final WorkloadTokenVerifier verifier =
            verifier(ClaimMapping.parse(GITHUB_MAPPING), Set.of("repository", "ref", "sha"));

    private static Map<String, String> mapping(String... factsAndPaths) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < factsAndPaths.length; i += 2) {
            mapping.put(factsAndPaths[i], factsAndPaths[i + 1]);
        }
        return mapping;
    }

    private static WorkloadTokenVerifier verifier(ClaimMapping mapping, Set<String> required) {
        return new WorkloadTokenVerifier(
                new WorkloadTokenVerifier.Settings(
                        GITHUB,
                        ISSUER_KEYS,
                        REALM,
                        Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA),
                        Duration.ofMinutes(10),
                        mapping,
                        required),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The shape GitHub Actions issues for a job with `permissions: id-token: write` and audience = the realm. */
    static TestToken githubActionsToken() {
        TestToken token = new TestToken(GITHUB_RSA, "RS256", GITHUB_KID);
        token.header.put("typ", "JWT");
        token.header.put("x5t", "ykNaY4qM_ta4k2TgZOCEYLkcYlA");
        long iat = NOW_S - 30;
        Map<String, Object> c = token.claims;
        c.put("jti", "0e3e0d3a-6e0c-4b6c-9a47-2f1d6b8f8a11");
        c.put("sub", "repo:acme/agent:ref:refs/heads/main");
        c.put("aud", REALM);
        c.put("ref", "refs/heads/main");
        c.put("sha", "8f2b1c0d9e3a4b5c6d7e8f90a1b2c3d4e5f6a7b8");
        c.put("repository", "acme/agent");
        c.put("repository_owner", "acme");
        c.put("repository_owner_id", "1234567");
        c.put("repository_id", "765432109");
        c.put("repository_visibility", "private");
        c.put("run_id", "9876543210");
        c.put("run_number", "42");
        c.put("run_attempt", "1");
        c.put("runner_environment", "github-hosted");
        c.put("actor_id", "7654321");
        c.put("actor", "octocat");
        c.put("workflow", "release");
        c.put("head_ref", "");
        c.put("base_ref", "");
        c.put("event_name", "push");
        c.put("ref_type", "branch");
        c.put("workflow_ref", "acme/agent/.github/workflows/release.yml@refs/heads/main");
        c.put("workflow_sha", "8f2b1c0d9e3a4b5c6d7e8f90a1b2c3d4e5f6a7b8");
        c.put("job_workflow_ref", "acme/agent/.github/workflows/release.yml@refs/heads/main");
        c.put("job_workflow_sha", "8f2b1c0d9e3a4b5c6d7e8f90a1b2c3d4e5f6a7b8");
        c.put("iss", GITHUB);
        c.put("nbf", iat - 300);
        c.put("exp", iat + 300);
        c.put("iat", iat);
        return token;
    }

    /** The same claims, signed with the EC key, as the shared JOSE cases expect. */
    static TestToken es256Token() {
        TestToken token = githubActionsToken();
        token.header.clear();
        token.header.put("alg", "ES256");
        token.header.put("kid", "ec-1");
        token.key = EC;
        return token;
    }

    private static String github(Consumer<TestToken> change) {
        TestToken token = githubActionsToken();
        change.accept(token);
        return token.compact();
    }

    @Test
    void aGithubActionsTokenYieldsTheMappedFacts() throws EvidenceRejected {
        VerifiedEvidence evidence =
                verifier.verify("github", githubActionsToken().compact());

        assertThat(evidence.namespacedFacts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "github.issuer", GITHUB,
                        "github.subject", "repo:acme/agent:ref:refs/heads/main",
                        "github.repository", "acme/agent",
                        "github.ref", "refs/heads/main",
                        "github.sha", "8f2b1c0d9e3a4b5c6d7e8f90a1b2c3d4e5f6a7b8",
                        "github.workflow", "release"));
        assertThat(evidence.issuedAt()).contains(NOW.minusSeconds(30));
        assertThat(evidence.expiresAt()).contains(NOW.plusSeconds(270));
        assertThat(evidence.confirmationKeyThumbprint()).isEmpty();
    }

    @Test
    void aMissingOptionalClaimYieldsNoFact() throws EvidenceRejected {
        VerifiedEvidence evidence = verifier.verify("github", github(t -> t.claims.remove("workflow")));

        assertThat(evidence.facts()).containsOnlyKeys("issuer", "subject", "repository", "ref", "sha");
    }

    @Test
    void integersBooleansAndEmptyStringsBecomeTheirJsonText() throws EvidenceRejected {
        WorkloadTokenVerifier scalars = verifier(
                ClaimMapping.parse(mapping(
                        "run_number", "run_number", "fork", "fork", "head_ref", "head_ref", "negative", "negative")),
                Set.of());

        VerifiedEvidence evidence = scalars.verify("github", github(t -> {
            t.claims.put("run_number", 42);
            t.claims.put("fork", false);
            t.claims.put("negative", -9_007_199_254_740_993L);
        }));

        assertThat(evidence.facts())
                .containsEntry("run_number", "42")
                .containsEntry("fork", "false")
                .containsEntry("head_ref", "")
                .containsEntry("negative", "-9007199254740993");
    }

    @Test
    void dottedPathsReachIntoNestedObjectsAndClaimNamesWithDots() throws EvidenceRejected {
        // Google's instance identity token nests compute facts; Kubernetes names its claim object "kubernetes.io".
        WorkloadTokenVerifier nested = verifier(
                ClaimMapping.parse(mapping(
                        "project", "google.compute_engine.project_id",
                        "namespace", "kubernetes.io.namespace",
                        "tier", "https://example.com/claims.tier")),
                Set.of("project", "namespace", "tier"));

        VerifiedEvidence evidence = nested.verify("gce", github(t -> {
            t.claims.put(
                    "google", Map.of("compute_engine", Map.of("project_id", "acme-prod", "zone", "europe-west1-b")));
            t.claims.put("kubernetes.io", Map.of("namespace", "agents"));
            t.claims.put("https://example.com/claims.tier", "gold");
        }));

        assertThat(evidence.facts())
                .containsEntry("project", "acme-prod")
                .containsEntry("namespace", "agents")
                .containsEntry("tier", "gold");
    }

    @Test
    void withoutIatTheIssueTimeIsUnknownAndExpMustLieWithinTheMaxAge() throws EvidenceRejected {
        VerifiedEvidence evidence = verifier.verify("github", github(t -> {
            t.claims.remove("iat");
            t.claims.put("exp", NOW_S + 600);
        }));

        assertThat(evidence.issuedAt()).isEmpty();
        assertThat(evidence.expiresAt()).contains(NOW.plusSeconds(600));
    }

    @Test
    void otherKeysAndAlgorithmsOfTheIssuerVerify() throws EvidenceRejected {
        verifier.verify("github", es256Token().compact());
        TestToken ed = githubActionsToken();
        ed.header.put("alg", "EdDSA");
        ed.header.put("kid", "ed-1");
        ed.key = ED;
        verifier.verify("github", ed.compact());
        verifier.verify("github", github(t -> t.header.put("alg", "PS256")));
        verifier.verify("github", github(t -> t.header.remove("typ")));
    }

    @Test
    void aBoundKeyIsReportedForKeyBinding() throws Exception {
        TestKeys instance = TestKeys.p256();
        String thumbprint = instance.publicJwk().computeThumbprint().toString();

        VerifiedEvidence byJwk = verifier.verify(
                "github",
                github(t ->
                        t.claims.put("cnf", Map.of("jwk", instance.publicJwk().toJSONObject()))));
        VerifiedEvidence byJkt = verifier.verify("github", github(t -> t.claims.put("cnf", Map.of("jkt", thumbprint))));

        assertThat(byJwk.confirmationKeyThumbprint()).contains(thumbprint);
        assertThat(byJkt.confirmationKeyThumbprint()).contains(thumbprint);
    }

    @Test
    void settingsRefuseRequiredFactsWithoutAMappingAndNarrowAlgorithms() {
        assertThatThrownBy(() ->
                        verifier(ClaimMapping.parse(GITHUB_MAPPING), Set.of("repository", "environment", "actor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor, environment");
        WorkloadTokenVerifier.Settings settings = new WorkloadTokenVerifier.Settings(
                GITHUB,
                ISSUER_KEYS,
                REALM,
                Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.HS256, JWSAlgorithm.Ed25519),
                Duration.ofMinutes(1),
                ClaimMapping.none(),
                Set.of());
        assertThat(settings.algorithms()).containsExactly(JWSAlgorithm.EdDSA);
    }

    /** The token's claims as JSON, with {@code name} written as the raw JSON text {@code raw}. */
    private static String withRawMember(TestToken t, String name, String raw) {
        t.claims.remove(name);
        return "{\"" + name + "\":" + raw + "," + TestJws.json(t.claims).substring(1);
    }

    static Stream<RejectionCase> rejections() {
        List<RejectionCase> cases =
                new ArrayList<>(JoseRejectionCases.all(GITHUB_KID, WorkloadTokenVerifier.MAX_LENGTH));
        cases.add(new RejectionCase("RS256 header under the kid of an EC key", "algorithm_mismatch", t -> {
            t.header.put("alg", "RS256");
            t.key = GITHUB_RSA;
            return t.compact();
        }));
        // RFC 7519 §4.1.1, §4.1.3: audience and issuer
        cases.add(new RejectionCase("aud GitHub's default (the repository owner's URL)", "invalid_audience", t -> {
            t.claims.put("aud", "https://github.com/acme");
            return t.compact();
        }));
        cases.add(new RejectionCase("aud this realm and another", "invalid_audience", t -> {
            t.claims.put("aud", List.of(REALM, "sts.amazonaws.com"));
            return t.compact();
        }));
        cases.add(new RejectionCase("aud missing", "invalid_audience", t -> {
            t.claims.remove("aud");
            return t.compact();
        }));
        cases.add(new RejectionCase("iss another issuer", "invalid_issuer", t -> {
            t.claims.put("iss", "https://gitlab.com");
            return t.compact();
        }));
        cases.add(new RejectionCase("iss with a trailing slash", "invalid_issuer", t -> {
            t.claims.put("iss", GITHUB + "/");
            return t.compact();
        }));
        cases.add(new RejectionCase("iss missing", "invalid_claim", t -> {
            t.claims.remove("iss");
            return t.compact();
        }));
        cases.add(new RejectionCase("sub missing", "invalid_claim", t -> {
            t.claims.remove("sub");
            return t.compact();
        }));
        cases.add(new RejectionCase("sub a number", "invalid_claim", t -> {
            t.claims.put("sub", 42);
            return t.compact();
        }));
        // RFC 7519 §4.1.4–4.1.6: time
        cases.add(new RejectionCase("exp missing", "invalid_claim", t -> {
            t.claims.remove("exp");
            return t.compact();
        }));
        cases.add(new RejectionCase("expired beyond the skew", "expired", t -> {
            t.claims.put("exp", NOW_S - 16);
            return t.compact();
        }));
        cases.add(new RejectionCase("exp before iat", "invalid_claim", t -> {
            t.claims.put("exp", NOW_S - 31);
            return t.compact();
        }));
        cases.add(new RejectionCase("iat in the future beyond the skew", "not_yet_valid", t -> {
            t.claims.put("iat", NOW_S + 16);
            return t.compact();
        }));
        cases.add(new RejectionCase("nbf in the future beyond the skew", "not_yet_valid", t -> {
            t.claims.put("nbf", NOW_S + 16);
            return t.compact();
        }));
        cases.add(new RejectionCase("older than the source's max age", "too_old", t -> {
            t.claims.put("iat", NOW_S - 616);
            t.claims.put("exp", NOW_S + 86_400);
            return t.compact();
        }));
        cases.add(new RejectionCase("no iat and a far-future exp", "lifetime_too_long", t -> {
            t.claims.remove("iat");
            t.claims.put("exp", NOW_S + 100L * 365 * 86400);
            return t.compact();
        }));
        cases.add(new RejectionCase("no iat and exp just beyond max age and skew", "lifetime_too_long", t -> {
            t.claims.remove("iat");
            t.claims.put("exp", NOW_S + 616);
            return t.compact();
        }));
        // Claim mapping
        cases.add(new RejectionCase("required mapped claim missing", "missing_claim", t -> {
            t.claims.remove("sha");
            return t.compact();
        }));
        cases.add(new RejectionCase(
                "required mapped claim null", "missing_claim", t -> t.signRaw(withRawMember(t, "ref", "null"))));
        cases.add(new RejectionCase("mapped claim an object", "invalid_claim", t -> {
            t.claims.put("workflow", Map.of("name", "release"));
            return t.compact();
        }));
        cases.add(new RejectionCase("mapped claim an array", "invalid_claim", t -> {
            t.claims.put("repository", List.of("acme/agent"));
            return t.compact();
        }));
        cases.add(new RejectionCase("mapped claim a decimal number", "invalid_claim", t -> {
            t.claims.put("workflow", 1.5);
            return t.compact();
        }));
        cases.add(new RejectionCase(
                "mapped claim an integer beyond 64 bits",
                "invalid_claim",
                t -> t.signRaw(withRawMember(t, "workflow", "12345678901234567890"))));
        // cnf
        cases.add(new RejectionCase("cnf without a key", "invalid_claim", t -> {
            t.claims.put("cnf", Map.of("kid", "k1"));
            return t.compact();
        }));
        cases.add(new RejectionCase("cnf not an object", "invalid_claim", t -> {
            t.claims.put("cnf", "jkt");
            return t.compact();
        }));
        cases.add(new RejectionCase("cnf.jwk a symmetric key", "invalid_key", t -> {
            t.claims.put("cnf", Map.of("jwk", Map.of("kty", "oct", "k", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0")));
            return t.compact();
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(RejectionCase c) {
        String token = c.build().apply(es256Token());

        EvidenceRejected rejection =
                catchThrowableOfType(EvidenceRejected.class, () -> verifier.verify("github", token));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }
}
