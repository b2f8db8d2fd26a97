package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.InstanceKey;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;

/**
 * The state directory {@code init} fills (tools/demo-evidence/README.md): one private key per trust anchor, the
 * public trust material, the agent instance key, settings.json and sources.json.
 */
public record StateDir(Path dir) {

    public static final String DEFAULT = "demo-evidence";
    static final String SPIRE_KEY = "spire-key.pem";
    static final String SPIFFE_BUNDLE = "spiffe-bundle.json";
    static final String K8S_KEY = "k8s-key.pem";
    static final String K8S_JWKS = "k8s-jwks.json";
    static final String OIDC_KEY = "oidc-key.pem";
    static final String OIDC_JWKS = "oidc-jwks.json";
    static final String RUNTIME_KEY = "runtime-key.pem";
    static final String RUNTIME_JWKS = "runtime-jwks.json";
    static final String PROVENANCE_KEY = "provenance-key.pem";
    static final String PROVENANCE_SIGNER = "provenance-signer.pem";
    static final String INSTANCE_KEY = "instance-key.json";
    static final String SOURCES = "sources.json";
    static final String SETTINGS = "settings.json";
    static final List<String> INIT_FILES = List.of(
            SPIRE_KEY,
            SPIFFE_BUNDLE,
            K8S_KEY,
            K8S_JWKS,
            OIDC_KEY,
            OIDC_JWKS,
            RUNTIME_KEY,
            RUNTIME_JWKS,
            PROVENANCE_KEY,
            PROVENANCE_SIGNER,
            INSTANCE_KEY,
            SOURCES,
            SETTINGS);

    Path file(String name) {
        return dir.resolve(name);
    }

    /** settings.json: the trust domain and issuers the mint commands use. */
    String setting(String name) throws IOException {
        Map<String, Object> settings = Json.object(Json.parse(Files.readString(file(SETTINGS))), SETTINGS);
        if (!(settings.get(name) instanceof String value)) {
            throw new ToolFailure(SETTINGS + " has no " + name);
        }
        return value;
    }

    public InstanceKey instanceKey() throws IOException {
        return InstanceKey.read(file(INSTANCE_KEY));
    }

    PrivateKey privateKey(String name) throws IOException, GeneralSecurityException {
        return PemKeys.readPrivate(file(name));
    }

    ECPublicKey provenanceSigner() throws IOException, GeneralSecurityException {
        return PemKeys.readPublic(Files.readString(file(PROVENANCE_SIGNER)), PROVENANCE_SIGNER);
    }

    /** The first key of a JWKS or bundle this tool wrote. */
    Map<?, ?> firstKey(String jwks) throws IOException {
        if (Json.parse(Files.readString(file(jwks))) instanceof Map<?, ?> set
                && set.get("keys") instanceof List<?> keys
                && !keys.isEmpty()
                && keys.get(0) instanceof Map<?, ?> key) {
            return key;
        }
        throw new ToolFailure(file(jwks) + " holds no key");
    }

    String kid(String jwks) throws IOException {
        if (firstKey(jwks).get("kid") instanceof String kid) {
            return kid;
        }
        throw new ToolFailure(file(jwks) + ": its key has no kid");
    }

    String alg(String jwks) throws IOException {
        Object alg = firstKey(jwks).get("alg");
        if ("ES256".equals(alg) || "RS256".equals(alg)) {
            return (String) alg;
        }
        throw new ToolFailure(file(jwks) + ": its key's alg is not ES256 or RS256");
    }
}
