package dev.agentgrant.demo.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.Jws;
import dev.agentgrant.demo.client.ToolFailure;
import dev.agentgrant.demo.client.UsageError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workload identity tokens signed with the state directory's demo keys: SPIFFE JWT-SVIDs, Kubernetes projected
 * service-account tokens, GitHub-Actions-shaped OIDC tokens and a runtime attester's tokens, each optionally bound to
 * the instance key.
 */
public final class WorkloadTokens {

    private final StateDir state;

    public WorkloadTokens(StateDir state) {
        this.state = state;
    }

    /** SPIFFE JWT-SVID §2–§3, signed with the SPIRE key (ES256, kid from spiffe-bundle.json). */
    public String svid(String spiffeId, String audience, long ttl, boolean bind)
            throws IOException, GeneralSecurityException {
        String trustDomain = state.setting("trust_domain");
        String prefix = "spiffe://" + trustDomain + "/";
        // SPIFFE ID §2: spiffe://<trust domain>/<path>; the verifier checks the rest of the grammar.
        if (!spiffeId.startsWith(prefix) || spiffeId.length() == prefix.length()) {
            throw new UsageError("--spiffe-id must be spiffe://" + trustDomain + "/<path> (the trust domain of init)");
        }
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = Json.map("sub", spiffeId, "aud", List.of(audience), "exp", now + ttl, "iat", now);
        bind(bind, claims);
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(state.kid(StateDir.SPIFFE_BUNDLE))
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims,
                state.privateKey(StateDir.SPIRE_KEY));
    }

    /** A projected service-account token as the API server issues it through the TokenRequest API. */
    public String k8sToken(String namespace, String serviceAccount, String audience, String pod, long ttl, boolean bind)
            throws IOException, GeneralSecurityException {
        String issuer = state.setting("k8s_issuer");
        long iat = Instant.now().getEpochSecond();
        Map<String, Object> kubernetes = Json.map(
                "namespace", namespace,
                "pod", Json.map("name", pod, "uid", UUID.randomUUID().toString()),
                // The service account's uid is derived from its name, so it is the same in every token.
                "serviceaccount",
                        Json.map(
                                "name",
                                serviceAccount,
                                "uid",
                                UUID.nameUUIDFromBytes((issuer + "|" + namespace + "|" + serviceAccount)
                                                .getBytes(StandardCharsets.UTF_8))
                                        .toString()));
        Map<String, Object> claims = Json.map(
                "aud",
                List.of(audience),
                "exp",
                iat + ttl,
                "iat",
                iat,
                "iss",
                issuer,
                "jti",
                UUID.randomUUID().toString(),
                "kubernetes.io",
                kubernetes,
                "nbf",
                iat,
                "sub",
                "system:serviceaccount:" + namespace + ":" + serviceAccount);
        bind(bind, claims);
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.parse(state.alg(StateDir.K8S_JWKS)))
                        .keyID(state.kid(StateDir.K8S_JWKS))
                        .build(),
                claims,
                state.privateKey(StateDir.K8S_KEY));
    }

    /**
     * The claims GitHub Actions puts in a job's OIDC token (docs.github.com, "About security hardening with OpenID
     * Connect"); numeric ids are strings there, as here.
     */
    public String oidcToken(GithubJob job, String audience, long ttl, boolean bind)
            throws IOException, GeneralSecurityException {
        long iat = Instant.now().getEpochSecond();
        String owner = job.repository().substring(0, job.repository().indexOf('/'));
        String workflowRef = job.repository() + "/" + job.workflowPath() + "@" + job.ref();
        Map<String, Object> claims = Json.map(
                "jti",
                UUID.randomUUID().toString(),
                "sub",
                "repo:" + job.repository() + ":ref:" + job.ref(),
                "aud",
                audience,
                "ref",
                job.ref(),
                "ref_type",
                job.ref().startsWith("refs/tags/") ? "tag" : "branch",
                "sha",
                job.sha(),
                "repository",
                job.repository(),
                "repository_owner",
                owner,
                "run_id",
                String.valueOf(1_000_000_000L + new SecureRandom().nextInt(1_000_000_000)),
                "run_number",
                "1",
                "run_attempt",
                "1",
                "actor",
                job.actor(),
                "event_name",
                job.eventName(),
                "workflow",
                job.workflow(),
                "workflow_ref",
                workflowRef,
                "workflow_sha",
                job.sha(),
                "job_workflow_ref",
                workflowRef,
                "job_workflow_sha",
                job.sha(),
                "runner_environment",
                "github-hosted",
                "iss",
                state.setting("oidc_issuer"),
                "nbf",
                iat,
                "exp",
                iat + ttl,
                "iat",
                iat);
        bind(bind, claims);
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.parse(state.alg(StateDir.OIDC_JWKS)))
                        .keyID(state.kid(StateDir.OIDC_JWKS))
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims,
                state.privateKey(StateDir.OIDC_KEY));
    }

    /**
     * What a runtime attester — a node agent that looks at what a workload actually runs — says about one workload, as
     * an OIDC-style JWT signed with its key (ES256, kid from runtime-jwks.json): {@code iss} the attester (settings.json
     * {@code runtime_issuer}), {@code sub} the workload as {@code <namespace>/<pod>}, {@code aud}, {@code iat},
     * {@code nbf}, {@code exp}, {@code jti}, and {@code workload} with {@code namespace}, {@code pod}, the
     * {@code artifact} it runs and that artifact's {@code artifact_digest} as it measured it ({@code ALG:HEX}, the form
     * of an in-toto subject digest). The realm's source maps the digest to the fact {@code code_digest}.
     */
    public String runtimeToken(
            String namespace, String pod, String artifact, String digest, String audience, long ttl, boolean bind)
            throws IOException, GeneralSecurityException {
        long iat = Instant.now().getEpochSecond();
        Map<String, Object> claims = Json.map(
                "iss",
                state.setting("runtime_issuer"),
                "sub",
                namespace + "/" + pod,
                "aud",
                audience,
                "iat",
                iat,
                "nbf",
                iat,
                "exp",
                iat + ttl,
                "jti",
                UUID.randomUUID().toString(),
                "workload",
                Json.map("namespace", namespace, "pod", pod, "artifact", artifact, "artifact_digest", digest));
        bind(bind, claims);
        return sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(state.kid(StateDir.RUNTIME_JWKS))
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims,
                state.privateKey(StateDir.RUNTIME_KEY));
    }

    /** A made-up pod of the service account: its name and a suffix in the alphabet Kubernetes generates names from. */
    public static String podName(String serviceAccount) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        SecureRandom random = new SecureRandom();
        StringBuilder name = new StringBuilder(serviceAccount).append('-');
        for (int i = 0; i < 5; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    /** Adds {@code cnf} (RFC 7800 §3.1) with the {@code jkt} member of RFC 9449 §6.1, naming the instance key. */
    private void bind(boolean bind, Map<String, Object> claims) throws IOException {
        if (bind) {
            claims.put("cnf", Json.map("jkt", state.instanceKey().thumbprint()));
        }
    }

    /** ES256 (RFC 7518 §3.4) with an EC key, RS256 (§3.3) with an RSA key. */
    private static String sign(JWSHeader header, Map<String, Object> claims, PrivateKey key) {
        JWSSigner signer;
        try {
            if (JWSAlgorithm.ES256.equals(header.getAlgorithm()) && key instanceof ECPrivateKey ec) {
                signer = new ECDSASigner(ec);
            } else if (JWSAlgorithm.RS256.equals(header.getAlgorithm()) && key instanceof RSAPrivateKey) {
                signer = new RSASSASigner(key);
            } else {
                throw new ToolFailure("the key does not fit alg " + header.getAlgorithm());
            }
        } catch (JOSEException e) {
            throw new ToolFailure("the key cannot sign " + header.getAlgorithm() + ": " + e.getMessage());
        }
        return Jws.sign(header, claims, signer);
    }
}
