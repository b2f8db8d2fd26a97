package dev.agentgrant.keycloak.attestation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.VerifiedEvidence;
import dev.agentgrant.keycloak.attestation.trust.TrustMaterial;
import dev.agentgrant.keycloak.testing.OpensslCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWT evidence made by a tool that is not this code: the OpenSSL CLI generates the cluster's RSA key and signs
 * the token ({@code openssl dgst -sha256 -sign} writes exactly the RS256 signature, RFC 7518 §3.3), and the
 * verifier trusts only the PEM that {@code openssl pkey -pubout} wrote. The OpenSSL CLI is a prerequisite of
 * this test: without it the test fails, it is not skipped.
 */
class OpensslServiceAccountTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String REALM = "https://sso.example.com/realms/acme";

    @TempDir
    Path dir;

    @Test
    void aTokenSignedByOpensslVerifiesAndAForgedCopyDoesNot() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "cluster.pem");
        openssl("pkey", "-in", "cluster.pem", "-pubout", "-out", "cluster.pub");
        JWKSet keys = TrustMaterial.parsePem(Files.readString(dir.resolve("cluster.pub")));
        String kid = keys.getKeys().get(0).getKeyID();

        String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"system:serviceaccount:agents:demo-agent\","
                + "\"aud\":[\"" + REALM + "\"],\"iat\":" + NOW.getEpochSecond() + ",\"nbf\":" + NOW.getEpochSecond()
                + ",\"exp\":" + (NOW.getEpochSecond() + 600) + ",\"kubernetes.io\":{\"namespace\":\"agents\","
                + "\"serviceaccount\":{\"name\":\"demo-agent\",\"uid\":\"0b7c9f3e-1111-2222-3333-444455556666\"}}}";
        String signingInput = b64(header) + "." + b64(claims);
        Files.writeString(dir.resolve("input.txt"), signingInput, StandardCharsets.US_ASCII);
        openssl("dgst", "-sha256", "-sign", "cluster.pem", "-out", "sig.bin", "input.txt");
        String token = signingInput + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Files.readAllBytes(dir.resolve("sig.bin")));

        ServiceAccountTokenVerifier verifier = new ServiceAccountTokenVerifier(
                new ServiceAccountTokenVerifier.Settings(
                        ISSUER, keys, REALM, Set.of(JWSAlgorithm.RS256), Duration.ofHours(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));

        VerifiedEvidence evidence = verifier.verify("k8s", token);
        assertThat(evidence.facts())
                .containsEntry("namespace", "agents")
                .containsEntry("service_account", "demo-agent");

        String forged = b64(header) + "." + b64(claims.replace("\"agents\"", "\"kube-system\""))
                + token.substring(token.lastIndexOf('.'));
        EvidenceRejected rejection = catchThrowableOfType(EvidenceRejected.class, () -> verifier.verify("k8s", forged));
        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo("bad_signature");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void openssl(String... args) {
        OpensslCli.run(dir, args);
    }
}
