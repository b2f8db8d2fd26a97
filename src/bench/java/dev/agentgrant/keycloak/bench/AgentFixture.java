package dev.agentgrant.keycloak.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.intoto.InTotoStatement;
import dev.agentgrant.keycloak.attestation.intoto.InTotoVerifier;
import dev.agentgrant.keycloak.attestation.intoto.SlsaProvenance;
import dev.agentgrant.keycloak.attestation.intoto.TestDsse;
import dev.agentgrant.keycloak.attestation.jose.TestJws;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent's world as a realm sees it, minted in setup: a SPIFFE trust domain (EC P-256) and its bundle, a
 * Kubernetes cluster (RSA 2048, RS256 — the API server's default) and its JWKS, a build system signing SLSA
 * provenance (EC P-256), the agent instance key (EC P-256), the three evidence items and the presentation that
 * carries them, plus a Keycloak-sized access token signing input for the RS256 baseline.
 *
 * <p>Every time is relative to {@link #now}, which the benchmark gives to every verifier as a fixed clock: the
 * presentation may live only 60 s (wire contract), the benchmark runs for minutes.
 */
final class AgentFixture {

    static final String REALM = "https://sso.example.com/realms/acme";
    /** What a Keycloak realm id looks like. */
    static final String REALM_ID = "3f0c2b8e-6d4a-4c1e-9b7a-2d5e8f1a0c6b";

    static final String AGENT = "demo-agent";
    static final String TRUST_DOMAIN = "example.org";
    static final String SPIFFE_ID = "spiffe://example.org/ns/agents/sa/demo";
    static final String CLUSTER_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5C4F7A1B2E3D4C5B6A7F8E9D0C1B2A3F";

    static final String SPIFFE_SOURCE = "spire";
    static final String KUBERNETES_SOURCE = "k8s";
    static final String PROVENANCE_SOURCE = "build";

    /** What a source's configVersion looks like: base64url SHA-256 of its configuration. */
    static final String CONFIG_VERSION = "q1Xo7cV0mJ4sB9dTzR2kYw8nLhE3aPfGuC6iKvN5bOM";

    /** The agent's policy: the three sources, a fact constraint on each, the SPIFFE ID registered for the agent, key binding. */
    static final String POLICY = """
            {
              "require": ["spire", "k8s", "build"],
              "facts": [
                {"fact": "spire.trust_domain", "equals": "example.org"},
                {"fact": "k8s.namespace", "one_of": ["agents", "agents-canary"]},
                {"fact": "build.builder_id", "glob": "https://github.com/actions/runner/*"}
              ],
              "max_age": {"build": "P30D"},
              "same": [["spire.spiffe_id", "agent.spiffe_id"]],
              "key_binding": "required"
            }
            """;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    final KeyPair trustDomainKey = TestKeys.p256().pair();
    final KeyPair clusterKey = TestKeys.rsa(2048).pair();
    final KeyPair provenanceKey = TestKeys.p256().pair();
    final KeyPair instanceKey = TestKeys.p256().pair();
    /** A realm key as Keycloak keeps one, for the baseline. */
    final KeyPair realmKey = TestKeys.rsa(2048).pair();

    final ECKey instanceJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) instanceKey.getPublic()).build();

    /** The SPIFFE bundle of the trust domain, as SPIRE serves it (JWT authorities carry {@code use: jwt-svid}). */
    final String spiffeBundle = jwks(
            new ECKey.Builder(Curve.P_256, (ECPublicKey) trustDomainKey.getPublic())
                    .keyID("td-2024-1")
                    .build()
                    .toJSONObject(),
            "jwt-svid");
    /** The cluster's OIDC discovery JWKS. */
    final String clusterJwks = jwks(
            new RSAKey.Builder((RSAPublicKey) clusterKey.getPublic())
                    .keyID("kFQ3mNh7pEoKk2P5w0YwLbZ1xR8sUdTc4vJi9aG6HnM")
                    .build()
                    .toJSONObject(),
            "sig");
    /** The build system's provenance signing key as an in-toto source trusts it. */
    final String provenanceJwks = jwks(
            new ECKey.Builder(Curve.P_256, (ECPublicKey) provenanceKey.getPublic())
                    .keyID("builder-1")
                    .build()
                    .toJSONObject(),
            null);

    final String jwtSvid = jwtSvid();
    final String serviceAccountToken = serviceAccountToken();
    final String provenanceEnvelope = provenanceEnvelope();
    final String presentation = presentation();
    final byte[] accessTokenSigningInput = TestDsse.utf8(accessTokenSigningInput());
    /** Signatures of that input for the bare JDK verification benchmarks (DER ECDSA, as the JDK checks it). */
    final byte[] es256Signature = TestJws.derEcdsa(instanceKey.getPrivate(), accessTokenSigningInput);

    final byte[] rs256Signature = TestJws.signature("RS256", realmKey.getPrivate(), accessTokenSigningInput);

    String instanceKeyThumbprint() {
        try {
            return instanceJwk.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks(Map<String, Object> key, String use) {
        Map<String, Object> member = new LinkedHashMap<>(key);
        if (use != null) {
            member.put("use", use);
        }
        return TestDsse.json(Map.of("keys", List.of(member)));
    }

    /** SPIFFE JWT-SVID §3: sub, aud, exp (iat as SPIRE writes it), bound to the instance key. */
    private String jwtSvid() {
        Map<String, Object> header = ordered("alg", "ES256", "kid", "td-2024-1", "typ", "JWT");
        Map<String, Object> payload = ordered(
                "aud", List.of(REALM),
                "exp", now.getEpochSecond() + 3600,
                "iat", now.getEpochSecond(),
                "sub", SPIFFE_ID,
                "cnf", Map.of("jkt", instanceKeyThumbprint()));
        return TestJws.sign(header, payload, trustDomainKey.getPrivate());
    }

    /** A projected service-account token as the API server writes it (TokenRequest, bound to a pod and a node). */
    private String serviceAccountToken() {
        Map<String, Object> header = ordered("alg", "RS256", "kid", "kFQ3mNh7pEoKk2P5w0YwLbZ1xR8sUdTc4vJi9aG6HnM");
        Map<String, Object> kubernetes = ordered(
                "namespace", "agents",
                "node",
                        ordered(
                                "name",
                                "ip-10-0-12-34.eu-west-1.compute.internal",
                                "uid",
                                "0d5c1a7e-2f4b-4c3d-9e8f-1a2b3c4d5e6f"),
                "pod", ordered("name", "demo-agent-7c9f6d5b8-x2k4p", "uid", "5f0e2d9c-8b7a-4c6d-9e1f-2a3b4c5d6e7f"),
                "serviceaccount", ordered("name", "demo", "uid", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
        Map<String, Object> payload = ordered(
                "aud",
                List.of(REALM),
                "exp",
                now.getEpochSecond() + 3600,
                "iat",
                now.getEpochSecond(),
                "iss",
                CLUSTER_ISSUER,
                "jti",
                "2c7e4b1a-9d3f-4e8a-b6c5-0f1e2d3c4b5a",
                "kubernetes.io",
                kubernetes,
                "nbf",
                now.getEpochSecond(),
                "sub",
                "system:serviceaccount:agents:demo");
        return TestJws.sign(header, payload, clusterKey.getPrivate());
    }

    /** SLSA Provenance v1 of the agent's image, GitHub Actions build type, finished yesterday, in DSSE. */
    private String provenanceEnvelope() {
        Map<String, Object> buildDefinition = ordered(
                "buildType", "https://actions.github.io/buildtypes/workflow/v1",
                "externalParameters",
                        ordered(
                                "workflow",
                                ordered(
                                        "repository", "https://github.com/acme/agent",
                                        "ref", "refs/heads/main",
                                        "path", ".github/workflows/release.yml")),
                "internalParameters", ordered("github", ordered("event_name", "push", "repository_id", "712345678")),
                "resolvedDependencies",
                        List.of(ordered(
                                "uri",
                                "git+https://github.com/acme/agent@refs/heads/main",
                                "digest",
                                ordered("gitCommit", "0123456789abcdef0123456789abcdef01234567"))));
        Instant finished = now.minus(1, ChronoUnit.DAYS);
        Map<String, Object> runDetails = ordered(
                "builder", ordered("id", "https://github.com/actions/runner/github-hosted"),
                "metadata",
                        ordered(
                                "invocationId", "https://github.com/acme/agent/actions/runs/9876543210/attempts/1",
                                "startedOn",
                                        finished.minus(7, ChronoUnit.MINUTES).toString(),
                                "finishedOn", finished.toString()));
        Map<String, Object> statement = ordered(
                "_type",
                InTotoStatement.TYPE,
                "subject",
                List.of(ordered(
                        "name",
                        "ghcr.io/acme/agent",
                        "digest",
                        ordered("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))),
                "predicateType",
                SlsaProvenance.PREDICATE_TYPE,
                "predicate",
                ordered("buildDefinition", buildDefinition, "runDetails", runDetails));
        return TestDsse.signedEnvelope(
                InTotoVerifier.PAYLOAD_TYPE,
                TestDsse.utf8(TestDsse.json(statement)),
                "builder-1",
                provenanceKey.getPrivate());
    }

    /** The agent's actor_token (wire contract): 30 s of life, cnf.jwk the instance key, the three evidence items. */
    private String presentation() {
        Map<String, Object> header = ordered("alg", "ES256", "typ", "agent-attestation+jwt");
        Map<String, Object> payload = ordered(
                "iss",
                AGENT,
                "aud",
                REALM,
                "iat",
                now.getEpochSecond(),
                "exp",
                now.getEpochSecond() + 30,
                "jti",
                "f7c3bd2e-1c5a-4be8-9c52-7d4c2f7f6a11",
                "cnf",
                Map.of("jwk", instanceJwk.toJSONObject()),
                "evidence",
                List.of(
                        ordered("source", SPIFFE_SOURCE, "format", "jwt", "value", jwtSvid),
                        ordered("source", KUBERNETES_SOURCE, "format", "jwt", "value", serviceAccountToken),
                        ordered("source", PROVENANCE_SOURCE, "format", "dsse", "value", provenanceEnvelope)));
        return TestJws.sign(header, payload, instanceKey.getPrivate());
    }

    /** What Keycloak signs for a typical access token: about 600 bytes of signing input. */
    private String accessTokenSigningInput() {
        Map<String, Object> header =
                ordered("alg", "RS256", "typ", "JWT", "kid", "Xk3Q9v8mWb2rT5yN7pLd1sFh4jGc6aZe0uIoKqVwBnM");
        Map<String, Object> payload = ordered(
                "exp", now.getEpochSecond() + 300,
                "iat", now.getEpochSecond(),
                "jti", "onrtac:8a1f5c2e-3b7d-4e9a-a6c1-5d2e8f0b7c4a",
                "iss", REALM,
                "aud", "orders-api",
                "sub", "3f2a9c1e-7b4d-4a8e-9c6f-1d0e2b3a4c5d",
                "typ", "Bearer",
                "azp", AGENT,
                "sid", "c9e4b2a7-1f3d-4c8e-b5a6-0d7e9f1c2b3a",
                "acr", "1",
                "scope", "openid orders:read orders:write",
                "preferred_username", "alice");
        return TestJws.b64(TestJws.json(header)) + "." + TestJws.b64(TestJws.json(payload));
    }

    /** A JSON object whose members keep the order given, as issuers write them. */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
