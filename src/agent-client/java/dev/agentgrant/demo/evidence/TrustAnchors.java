package dev.agentgrant.demo.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code init}: demo trust anchors, the agent instance key and the sources that trust them, in a state directory. */
final class TrustAnchors {

    static final String PROVIDER_TYPE = "dev.agentgrant.keycloak.attestation.spi.AttestationSource";
    static final String REALM_ID_PLACEHOLDER = "<realm-id>";
    /** RFC 7517 §4 and RFC 7518 §6: the members written, in this order. */
    private static final List<String> JWK_MEMBERS = List.of("kty", "crv", "x", "y", "n", "e", "d", "kid", "use", "alg");

    /** What init was asked for. */
    record Anchors(
            String trustDomain,
            String k8sIssuer,
            String oidcIssuer,
            String runtimeIssuer,
            JWSAlgorithm k8sAlg,
            JWSAlgorithm oidcAlg) {}

    /**
     * How the runtime attester's tokens become facts ({@link WorkloadTokens#runtimeToken}): the digest of the code it
     * saw running is the fact {@code code_digest}, which a policy ties to a provenance subject digest ({@code same}).
     */
    static final Map<String, Object> RUNTIME_CLAIM_MAPPING =
            Json.map("code_digest", "workload.artifact_digest", "artifact", "workload.artifact");

    private final StateDir state;
    private boolean restricted = true;

    TrustAnchors(StateDir state) {
        this.state = state;
    }

    void create(Anchors anchors, boolean force, PrintStream out) throws IOException, JOSEException {
        Path dir = state.dir();
        Files.createDirectories(dir);
        List<String> existing = StateDir.INIT_FILES.stream()
                .filter(f -> Files.exists(dir.resolve(f)))
                .toList();
        if (!existing.isEmpty() && !force) {
            throw new ToolFailure(dir + " already holds demo keys (" + String.join(", ", existing)
                    + "); pass --force to replace them");
        }
        for (String file : existing) {
            Files.delete(dir.resolve(file));
        }
        Files.writeString(
                state.file(StateDir.SETTINGS),
                Json.pretty(Json.map(
                        "trust_domain",
                        anchors.trustDomain(),
                        "k8s_issuer",
                        anchors.k8sIssuer(),
                        "oidc_issuer",
                        anchors.oidcIssuer(),
                        "runtime_issuer",
                        anchors.runtimeIssuer())));

        JWK spire = generate(JWSAlgorithm.ES256, StateDir.SPIRE_KEY);
        // SPIFFE Trust Domain and Bundle §4: a JWK Set with the SPIFFE parameters; the key's use is jwt-svid.
        String bundle = Json.compact(
                Json.map("keys", List.of(publicJwk(spire, new KeyUse("jwt-svid"), null)), "spiffe_sequence", 1));
        Files.writeString(state.file(StateDir.SPIFFE_BUNDLE), Json.pretty(Json.parse(bundle)));
        String k8sJwks = jwks(generate(anchors.k8sAlg(), StateDir.K8S_KEY), anchors.k8sAlg(), StateDir.K8S_JWKS);
        String oidcJwks = jwks(generate(anchors.oidcAlg(), StateDir.OIDC_KEY), anchors.oidcAlg(), StateDir.OIDC_JWKS);
        String runtimeJwks =
                jwks(generate(JWSAlgorithm.ES256, StateDir.RUNTIME_KEY), JWSAlgorithm.ES256, StateDir.RUNTIME_JWKS);
        JWK provenance = generate(JWSAlgorithm.ES256, StateDir.PROVENANCE_KEY);
        String signerPem =
                PemKeys.pem("PUBLIC KEY", provenance.toECKey().toPublicKey().getEncoded());
        Files.writeString(state.file(StateDir.PROVENANCE_SIGNER), signerPem);

        JWK instance = new ECKeyGenerator(Curve.P_256).generate();
        restricted &= PemKeys.writeSecret(
                state.file(StateDir.INSTANCE_KEY),
                Json.pretty(ordered(
                        instance.toJSONObject(),
                        instance.computeThumbprint().toString(),
                        KeyUse.SIGNATURE.identifier(),
                        JWSAlgorithm.ES256.getName())));

        String claimMapping =
                Json.compact(Json.map("repository", "repository", "ref", "ref", "sha", "sha", "workflow", "workflow"));
        List<Object> sources = List.of(
                source(
                        "spire",
                        "spiffe-jwt-svid",
                        Json.map("trust-domain", List.of(anchors.trustDomain()), "trust", List.of(bundle))),
                source(
                        "k8s",
                        "kubernetes-service-account",
                        Json.map("issuer", List.of(anchors.k8sIssuer()), "trust", List.of(k8sJwks))),
                source(
                        "gha",
                        "oidc-workload",
                        Json.map(
                                "issuer",
                                List.of(anchors.oidcIssuer()),
                                "trust",
                                List.of(oidcJwks),
                                "claim-mapping",
                                List.of(claimMapping))),
                source("build", "in-toto", Json.map("trust", List.of(signerPem))),
                source(
                        "runtime",
                        "oidc-workload",
                        Json.map(
                                "issuer",
                                List.of(anchors.runtimeIssuer()),
                                "trust",
                                List.of(runtimeJwks),
                                "claim-mapping",
                                List.of(Json.compact(RUNTIME_CLAIM_MAPPING)),
                                "required-facts",
                                List.of("code_digest"))));
        Files.writeString(state.file(StateDir.SOURCES), Json.pretty(sources));
        report(anchors, instance.computeThumbprint().toString(), out);
    }

    private void report(Anchors anchors, String instanceThumbprint, PrintStream out) {
        out.println(
                "Demo trust anchors written to " + state.dir().toAbsolutePath().normalize() + ":");
        String row = "  %-22s %s%n";
        out.printf(
                Locale.ROOT,
                row,
                StateDir.SPIFFE_BUNDLE,
                "SPIFFE bundle of trust domain " + anchors.trustDomain() + " (source 'spire')");
        out.printf(
                Locale.ROOT,
                row,
                StateDir.K8S_JWKS,
                "service-account keys of " + anchors.k8sIssuer() + " (source 'k8s', " + anchors.k8sAlg() + ")");
        out.printf(
                Locale.ROOT,
                row,
                StateDir.OIDC_JWKS,
                "token keys of " + anchors.oidcIssuer() + " (source 'gha', " + anchors.oidcAlg() + ")");
        out.printf(Locale.ROOT, row, StateDir.PROVENANCE_SIGNER, "provenance signing key, PEM (source 'build')");
        out.printf(
                Locale.ROOT,
                row,
                StateDir.RUNTIME_JWKS,
                "token keys of the runtime attester " + anchors.runtimeIssuer() + " (source 'runtime', ES256)");
        out.printf(Locale.ROOT, row, StateDir.INSTANCE_KEY, "agent instance key, thumbprint " + instanceThumbprint);
        out.printf(
                Locale.ROOT,
                row,
                StateDir.SOURCES,
                "attestation sources for POST /admin/realms/{realm}/components" + " (replace \"" + REALM_ID_PLACEHOLDER
                        + "\")");
        out.printf(Locale.ROOT, row, "*-key.pem", "the private keys");
        if (!restricted) {
            out.println("Note: this file system does not support owner-only permissions; protect the *-key.pem and "
                    + StateDir.INSTANCE_KEY + " files yourself.");
        }
        out.println("These are DEMO keys: never trust them in a realm that protects anything real.");
    }

    /** A new EC P-256 or RSA-2048 key (Nimbus JOSE+JWT), its private half written to {@code file} as PKCS#8 PEM. */
    private JWK generate(JWSAlgorithm alg, String file) throws IOException, JOSEException {
        JWK key = JWSAlgorithm.RS256.equals(alg)
                ? new RSAKeyGenerator(2048).generate()
                : new ECKeyGenerator(Curve.P_256).generate();
        restricted &= PemKeys.writePrivate(
                state.file(file),
                key instanceof RSAKey rsa ? rsa.toPrivateKey() : key.toECKey().toPrivateKey());
        return key;
    }

    private String jwks(JWK key, JWSAlgorithm alg, String file) throws IOException, JOSEException {
        String jwks = Json.compact(Json.map("keys", List.of(publicJwk(key, KeyUse.SIGNATURE, alg))));
        Files.writeString(state.file(file), Json.pretty(Json.parse(jwks)));
        return jwks;
    }

    /** The public JWK with its RFC 7638 thumbprint as kid. */
    private static Map<String, Object> publicJwk(JWK key, KeyUse use, JWSAlgorithm alg) throws JOSEException {
        return ordered(
                key.toPublicJWK().toJSONObject(),
                key.computeThumbprint().toString(),
                use.identifier(),
                alg == null ? null : alg.getName());
    }

    private static Map<String, Object> ordered(Map<String, Object> jwk, String kid, String use, String alg) {
        Map<String, Object> members = new LinkedHashMap<>(jwk);
        members.put("kid", kid);
        members.put("use", use);
        if (alg != null) {
            members.put("alg", alg);
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        JWK_MEMBERS.stream().filter(members::containsKey).forEach(name -> ordered.put(name, members.get(name)));
        return ordered;
    }

    /** One component body for {@code POST /admin/realms/{realm}/components}; config values are lists. */
    private static Map<String, Object> source(String alias, String providerId, Map<String, Object> config) {
        return Json.map(
                "name",
                alias,
                "providerId",
                providerId,
                "providerType",
                PROVIDER_TYPE,
                "parentId",
                REALM_ID_PLACEHOLDER,
                "config",
                config);
    }
}
