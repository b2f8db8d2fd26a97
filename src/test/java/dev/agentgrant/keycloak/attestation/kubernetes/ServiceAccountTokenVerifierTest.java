package dev.agentgrant.keycloak.attestation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.jose.TestKeys;
import dev.agentgrant.keycloak.attestation.oidc.JoseRejectionCases;
import dev.agentgrant.keycloak.attestation.oidc.RejectionCase;
import dev.agentgrant.keycloak.attestation.oidc.TestToken;
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

/**
 * Kubernetes projected service-account tokens (KEP-1205), legacy tokens refused (KEP-2799), the JWS rules of RFC 8725
 * and RFC 7519 §4.1 claims and time.
 */
class ServiceAccountTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final String REALM = "https://sso.example.com/realms/acme";
    private static final String CLUSTER =
            "https://oidc.eks.eu-west-1.amazonaws.com/id/B5F5E5C8A1D34E6F9A0B1C2D3E4F5A6B";
    private static final String API_SERVER = "https://kubernetes.default.svc";
    private static final TestKeys EC = TestKeys.p256();
    private static final TestKeys RSA = TestKeys.rsa(2048);

    private static final JWKSet CLUSTER_KEYS = new JWKSet(List.of(
            new ECKey.Builder((ECKey) EC.publicJwk()).keyID("ec-1").build(),
            new RSAKey.Builder((RSAKey) RSA.publicJwk()).keyID("rsa-1").build()));

    private final ServiceAccountTokenVerifier verifier = verifier(CLUSTER_KEYS);

    private static ServiceAccountTokenVerifier verifier(JWKSet keys) {
        return new ServiceAccountTokenVerifier(
                new ServiceAccountTokenVerifier.Settings(
                        CLUSTER,
                        keys,
                        REALM,
                        Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA),
                        Duration.ofHours(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** What the kubelet mounts for a pod whose projected volume asks for audience = the realm, 1 h lifetime. */
    static TestToken projectedToken() {
        TestToken token = new TestToken(EC, "ES256", "ec-1");
        token.claims.put("aud", List.of(REALM));
        token.claims.put("exp", NOW_S - 60 + 3600);
        token.claims.put("iat", NOW_S - 60);
        token.claims.put("iss", CLUSTER);
        token.claims.put("jti", "4c4a2b6e-8f7d-4a8b-9a51-0f8a3b2c1d7e");
        Map<String, Object> kubernetes = new LinkedHashMap<>();
        kubernetes.put("namespace", "agents");
        kubernetes.put(
                "node",
                Map.of(
                        "name",
                        "ip-10-0-1-23.eu-west-1.compute.internal",
                        "uid",
                        "0b8f1f0e-6a3c-4f5e-9d2b-7c1a2e3f4d5b"));
        kubernetes.put(
                "pod", Map.of("name", "demo-agent-7d9f8b6c5-x2x4p", "uid", "9f2c6d1e-3b4a-4c5d-8e7f-1a2b3c4d5e6f"));
        kubernetes.put("serviceaccount", Map.of("name", "demo-agent", "uid", "2d7e5a3c-1f4b-4e6d-9c8a-5b3f2e1d0c9a"));
        token.claims.put("kubernetes.io", kubernetes);
        token.claims.put("nbf", NOW_S - 60);
        token.claims.put("sub", "system:serviceaccount:agents:demo-agent");
        return token;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kubernetes(TestToken token) {
        return (Map<String, Object>) token.claims.get("kubernetes.io");
    }

    private static String with(Consumer<TestToken> change) {
        TestToken token = projectedToken();
        change.accept(token);
        return token.compact();
    }

    @Test
    void aProjectedTokenYieldsItsServiceAccountPodAndNodeFacts() throws EvidenceRejected {
        VerifiedEvidence evidence = verifier.verify("eks-prod", projectedToken().compact());

        assertThat(evidence.namespacedFacts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "eks-prod.issuer", CLUSTER,
                        "eks-prod.namespace", "agents",
                        "eks-prod.service_account", "demo-agent",
                        "eks-prod.service_account_uid", "2d7e5a3c-1f4b-4e6d-9c8a-5b3f2e1d0c9a",
                        "eks-prod.pod", "demo-agent-7d9f8b6c5-x2x4p",
                        "eks-prod.pod_uid", "9f2c6d1e-3b4a-4c5d-8e7f-1a2b3c4d5e6f",
                        "eks-prod.node", "ip-10-0-1-23.eu-west-1.compute.internal",
                        "eks-prod.node_uid", "0b8f1f0e-6a3c-4f5e-9d2b-7c1a2e3f4d5b",
                        "eks-prod.subject", "system:serviceaccount:agents:demo-agent"));
        assertThat(evidence.source()).isEqualTo("eks-prod");
        assertThat(evidence.issuedAt()).contains(NOW.minusSeconds(60));
        assertThat(evidence.expiresAt()).contains(NOW.plusSeconds(3540));
        assertThat(evidence.confirmationKeyThumbprint()).isEmpty();
    }

    @Test
    void aTokenNotBoundToAPodOrNodeYieldsOnlyServiceAccountFacts() throws EvidenceRejected {
        // A token from `kubectl create token` (TokenRequest without a bound object) has no pod or node.
        String token = with(t -> {
            kubernetes(t).remove("pod");
            kubernetes(t).remove("node");
        });

        VerifiedEvidence evidence = verifier.verify("k8s", token);

        assertThat(evidence.facts())
                .containsOnlyKeys("issuer", "namespace", "service_account", "service_account_uid", "subject");
    }

    @Test
    void rsaKeysOfTheClusterVerifyRs256AndPs256() throws EvidenceRejected {
        for (String alg : List.of("RS256", "PS256")) {
            TestToken token = projectedToken();
            token.header.put("alg", alg);
            token.header.put("kid", "rsa-1");
            token.key = RSA;
            assertThat(verifier.verify("k8s", token.compact()).facts()).containsEntry("namespace", "agents");
        }
    }

    @Test
    void typJwtIsAccepted() throws EvidenceRejected {
        verifier.verify("k8s", with(t -> t.header.put("typ", "JWT")));
        verifier.verify("k8s", with(t -> t.header.put("typ", "application/jwt")));
    }

    @Test
    void withoutKidTheOnlyKeyOfTheClusterIsUsed() throws EvidenceRejected {
        ServiceAccountTokenVerifier oneKey = verifier(new JWKSet(EC.publicJwk()));

        oneKey.verify("k8s", with(t -> t.header.remove("kid")));
    }

    @Test
    void timesWithinTheSkewAreAccepted() throws EvidenceRejected {
        verifier.verify("k8s", with(t -> {
            t.claims.put("iat", NOW_S + 15);
            t.claims.put("nbf", NOW_S + 15);
        }));
        verifier.verify("k8s", with(t -> {
            t.claims.put("iat", NOW_S - 3615);
            t.claims.put("exp", NOW_S - 15);
        }));
        verifier.verify("k8s", with(t -> t.claims.remove("nbf")));
    }

    @Test
    void aBoundKeyIsReportedForKeyBinding() throws Exception {
        TestKeys instance = TestKeys.p256();

        VerifiedEvidence evidence = verifier.verify(
                "k8s",
                with(t -> t.claims.put("cnf", Map.of("jwk", instance.publicJwk().toJSONObject()))));

        assertThat(evidence.confirmationKeyThumbprint())
                .contains(instance.publicJwk().computeThumbprint().toString());
    }

    @Test
    void settingsNarrowAlgorithmsToTheKubernetesOnesAndRequireAPositiveMaxAge() {
        ServiceAccountTokenVerifier.Settings settings = new ServiceAccountTokenVerifier.Settings(
                CLUSTER,
                CLUSTER_KEYS,
                REALM,
                Set.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.HS256),
                Duration.ofMinutes(5));

        assertThat(settings.algorithms()).containsExactly(JWSAlgorithm.ES256);
        assertThatThrownBy(() -> new ServiceAccountTokenVerifier.Settings(
                        CLUSTER, CLUSTER_KEYS, REALM, Set.of(JWSAlgorithm.ES256), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A secret-based token as kube-controller-manager wrote it before 1.24, signed by the same cluster key. */
    private static String legacySecretToken(TestToken t) {
        t.claims.clear();
        t.claims.put("iss", "kubernetes/serviceaccount");
        t.claims.put("kubernetes.io/serviceaccount/namespace", "agents");
        t.claims.put("kubernetes.io/serviceaccount/secret.name", "demo-agent-token-7x2kq");
        t.claims.put("kubernetes.io/serviceaccount/service-account.name", "demo-agent");
        t.claims.put("kubernetes.io/serviceaccount/service-account.uid", "2d7e5a3c-1f4b-4e6d-9c8a-5b3f2e1d0c9a");
        t.claims.put("sub", "system:serviceaccount:agents:demo-agent");
        return t.compact();
    }

    static Stream<RejectionCase> rejections() {
        List<RejectionCase> cases =
                new ArrayList<>(JoseRejectionCases.all("rsa-1", ServiceAccountTokenVerifier.MAX_LENGTH));
        cases.add(new RejectionCase("EdDSA, which the API server does not sign with", "unsupported_algorithm", t -> {
            t.header.put("alg", "EdDSA");
            t.key = TestKeys.ed25519();
            return t.compact();
        }));
        // KEP-1205: the wrong audience
        cases.add(new RejectionCase("aud the API server (the default projected token)", "invalid_audience", t -> {
            t.claims.put("aud", List.of(API_SERVER));
            return t.compact();
        }));
        cases.add(new RejectionCase("aud this realm and the API server", "invalid_audience", t -> {
            t.claims.put("aud", List.of(REALM, API_SERVER));
            return t.compact();
        }));
        cases.add(new RejectionCase("aud another realm", "invalid_audience", t -> {
            t.claims.put("aud", "https://sso.example.com/realms/other");
            return t.compact();
        }));
        cases.add(new RejectionCase("aud missing", "invalid_audience", t -> {
            t.claims.remove("aud");
            return t.compact();
        }));
        // KEP-2799: legacy non-expiring tokens
        cases.add(new RejectionCase(
                "legacy secret-based token", "legacy_token", ServiceAccountTokenVerifierTest::legacySecretToken));
        cases.add(new RejectionCase("legacy issuer on a projected-looking token", "legacy_token", t -> {
            t.claims.put("iss", "kubernetes/serviceaccount");
            return t.compact();
        }));
        cases.add(new RejectionCase("a flat legacy claim next to the projected ones", "legacy_token", t -> {
            t.claims.put("kubernetes.io/serviceaccount/namespace", "kube-system");
            return t.compact();
        }));
        cases.add(new RejectionCase("no exp", "legacy_token", t -> {
            t.claims.remove("exp");
            return t.compact();
        }));
        // RFC 7519 §4.1.1: issuer
        cases.add(new RejectionCase("iss another cluster", "invalid_issuer", t -> {
            t.claims.put("iss", "https://kubernetes.default.svc.cluster.local");
            return t.compact();
        }));
        cases.add(new RejectionCase("iss with a trailing slash", "invalid_issuer", t -> {
            t.claims.put("iss", CLUSTER + "/");
            return t.compact();
        }));
        cases.add(new RejectionCase("iss missing", "invalid_claim", t -> {
            t.claims.remove("iss");
            return t.compact();
        }));
        // RFC 7519 §4.1.4–4.1.6: time
        cases.add(new RejectionCase("expired beyond the skew", "expired", t -> {
            t.claims.put("iat", NOW_S - 3000);
            t.claims.put("exp", NOW_S - 16);
            return t.compact();
        }));
        cases.add(new RejectionCase("exp as a string", "invalid_claim", t -> {
            t.claims.put("exp", String.valueOf(NOW_S + 60));
            return t.compact();
        }));
        cases.add(new RejectionCase("exp out of range", "invalid_claim", t -> {
            t.claims.put("exp", 1e300);
            return t.compact();
        }));
        cases.add(new RejectionCase("exp before iat", "invalid_claim", t -> {
            t.claims.put("exp", NOW_S - 61);
            return t.compact();
        }));
        cases.add(new RejectionCase("iat missing", "invalid_claim", t -> {
            t.claims.remove("iat");
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
        cases.add(new RejectionCase("older than the source's max age, with a far-future exp", "too_old", t -> {
            t.claims.put("iat", NOW_S - 3616);
            t.claims.put("nbf", NOW_S - 3616);
            t.claims.put("exp", NOW_S + 365L * 86400);
            return t.compact();
        }));
        // The kubernetes.io claim
        cases.add(new RejectionCase("kubernetes.io missing", "invalid_claim", t -> {
            t.claims.remove("kubernetes.io");
            return t.compact();
        }));
        cases.add(new RejectionCase("kubernetes.io a string", "invalid_claim", t -> {
            t.claims.put("kubernetes.io", "agents");
            return t.compact();
        }));
        cases.add(new RejectionCase("namespace missing", "invalid_claim", t -> {
            kubernetes(t).remove("namespace");
            return t.compact();
        }));
        cases.add(new RejectionCase("namespace not a DNS label", "invalid_claim", t -> {
            kubernetes(t).put("namespace", "agents:admin");
            t.claims.put("sub", "system:serviceaccount:agents:admin:demo-agent");
            return t.compact();
        }));
        cases.add(new RejectionCase("serviceaccount missing", "invalid_claim", t -> {
            kubernetes(t).remove("serviceaccount");
            return t.compact();
        }));
        cases.add(new RejectionCase("serviceaccount uid missing", "invalid_claim", t -> {
            kubernetes(t).put("serviceaccount", Map.of("name", "demo-agent"));
            return t.compact();
        }));
        cases.add(new RejectionCase("serviceaccount name in upper case", "invalid_claim", t -> {
            kubernetes(t)
                    .put("serviceaccount", Map.of("name", "Demo-Agent", "uid", "2d7e5a3c-1f4b-4e6d-9c8a-5b3f2e1d0c9a"));
            t.claims.put("sub", "system:serviceaccount:agents:Demo-Agent");
            return t.compact();
        }));
        cases.add(new RejectionCase("pod without uid", "invalid_claim", t -> {
            kubernetes(t).put("pod", Map.of("name", "demo-agent-0"));
            return t.compact();
        }));
        cases.add(new RejectionCase("pod a string", "invalid_claim", t -> {
            kubernetes(t).put("pod", "demo-agent-0");
            return t.compact();
        }));
        cases.add(new RejectionCase("node uid not a string", "invalid_claim", t -> {
            kubernetes(t).put("node", Map.of("name", "node-1", "uid", 7));
            return t.compact();
        }));
        // sub must be what the API server derives from the kubernetes.io claim
        cases.add(new RejectionCase("sub naming another service account", "invalid_claim", t -> {
            t.claims.put("sub", "system:serviceaccount:agents:admin");
            return t.compact();
        }));
        cases.add(new RejectionCase("sub naming another namespace", "invalid_claim", t -> {
            t.claims.put("sub", "system:serviceaccount:kube-system:demo-agent");
            return t.compact();
        }));
        cases.add(new RejectionCase("sub missing", "invalid_claim", t -> {
            t.claims.remove("sub");
            return t.compact();
        }));
        // cnf
        cases.add(new RejectionCase("cnf without a key", "invalid_claim", t -> {
            t.claims.put("cnf", Map.of("x5t#S256", "abc"));
            return t.compact();
        }));
        cases.add(new RejectionCase("cnf.jkt not a thumbprint", "invalid_claim", t -> {
            t.claims.put("cnf", Map.of("jkt", "abc"));
            return t.compact();
        }));
        cases.add(new RejectionCase("cnf.jwk not a JWK", "invalid_key", t -> {
            t.claims.put("cnf", Map.of("jwk", Map.of("kty", "XYZ")));
            return t.compact();
        }));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void isRejected(RejectionCase c) {
        String token = c.build().apply(projectedToken());

        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, () -> verifier.verify("k8s", token));

        assertThat(rejection).as(c.name()).isNotNull();
        assertThat(rejection.reason())
                .as(c.name() + ": " + rejection.getMessage())
                .isEqualTo(c.reason());
    }

    @Test
    void theLegacyTokenIsNamedAsSuchEvenThoughTheClusterKeySignedIt() {
        EvidenceRejected rejection = catchThrowableOfType(
                EvidenceRejected.class, () -> verifier.verify("k8s", legacySecretToken(projectedToken())));

        assertThat(rejection.getMessage()).contains("legacy secret-based");
    }
}
