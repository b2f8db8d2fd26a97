package dev.agentgrant.keycloak.attestation.intoto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built DSSE envelopes and in-toto statements for tests, signed with the JDK. */
public final class TestDsse {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestDsse() {}

    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Signs with the scheme a key of that type uses by default: ECDSA (DER) with the curve's hash, Ed25519, RSA PKCS#1 v1.5. */
    static byte[] sign(PrivateKey key, byte[] message) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" ->
                ((ECPrivateKey) key).getParams().getOrder().bitLength() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        return sign(algorithm, key, message);
    }

    static byte[] signPss(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("RSASSA-PSS");
            signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(String algorithm, PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> signature(String keyId, byte[] sig) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (keyId != null) {
            entry.put("keyid", keyId);
        }
        entry.put("sig", b64(sig));
        return entry;
    }

    static String envelope(String payloadType, byte[] payload, List<Map<String, Object>> signatures) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("payload", b64(payload));
        envelope.put("payloadType", payloadType);
        envelope.put("signatures", signatures);
        return json(envelope);
    }

    /** An envelope with one signature over PAE(payloadType, payload). */
    public static String signedEnvelope(String payloadType, byte[] payload, String keyId, PrivateKey key) {
        return envelope(payloadType, payload, List.of(signature(keyId, sign(key, Pae.encode(payloadType, payload)))));
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A SLSA Provenance v1 statement as the GitHub Actions build type writes it, as mutable maps. */
    public static Map<String, Object> slsaStatement(String finishedOn) {
        Map<String, Object> workflow = new LinkedHashMap<>(Map.of(
                "repository", "https://github.com/acme/agent",
                "ref", "refs/heads/main",
                "path", ".github/workflows/release.yml"));
        Map<String, Object> externalParameters = new LinkedHashMap<>(Map.of("workflow", workflow));
        Map<String, Object> dependency = new LinkedHashMap<>(Map.of(
                "uri",
                "git+https://github.com/acme/agent@refs/heads/main",
                "digest",
                new LinkedHashMap<>(Map.of("gitCommit", "0123456789abcdef0123456789abcdef01234567"))));
        Map<String, Object> buildDefinition = new LinkedHashMap<>();
        buildDefinition.put("buildType", "https://actions.github.io/buildtypes/workflow/v1");
        buildDefinition.put("externalParameters", externalParameters);
        buildDefinition.put("internalParameters", Map.of("github", Map.of("event_name", "push")));
        buildDefinition.put("resolvedDependencies", new ArrayList<>(List.of(dependency)));
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of(
                "invocationId", "https://github.com/acme/agent/actions/runs/1/attempts/1",
                "startedOn", "2026-11-28T11:00:00Z",
                "finishedOn", finishedOn));
        Map<String, Object> runDetails = new LinkedHashMap<>();
        runDetails.put("builder", new LinkedHashMap<>(Map.of("id", "https://github.com/actions/runner/github-hosted")));
        runDetails.put("metadata", metadata);
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("buildDefinition", buildDefinition);
        predicate.put("runDetails", runDetails);

        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", InTotoStatement.TYPE);
        statement.put("subject", new ArrayList<>(List.of(subject("ghcr.io/acme/agent", "sha256", "a".repeat(64)))));
        statement.put("predicateType", SlsaProvenance.PREDICATE_TYPE);
        statement.put("predicate", predicate);
        return statement;
    }

    public static Map<String, Object> subject(String name, String algorithm, String hex) {
        Map<String, Object> subject = new LinkedHashMap<>();
        if (name != null) {
            subject.put("name", name);
        }
        subject.put("digest", new LinkedHashMap<>(Map.of(algorithm, hex)));
        return subject;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> root, String... path) {
        Map<String, Object> node = root;
        for (String name : path) {
            node = (Map<String, Object>) node.get(name);
        }
        return node;
    }
}
