package dev.agentgrant.demo.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;

/**
 * The agent instance key: a private EC P-256 JWK (RFC 7517, RFC 7518 §6.2) that signs the agent's presentations and
 * DPoP proofs. Keycloak pins a task grant to its RFC 7638 thumbprint.
 */
public final class InstanceKey {

    private final ECKey key;

    private InstanceKey(ECKey key) {
        this.key = key;
    }

    /** A private P-256 key whose d belongs to its x and y (checked by signing and verifying a probe). */
    public static InstanceKey of(ECKey key) {
        if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate()) {
            throw new ToolFailure("the instance key is not a private EC P-256 key");
        }
        try {
            byte[] probe = "instance key check".getBytes(StandardCharsets.US_ASCII);
            JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
            Base64URL signature = new ECDSASigner(key).sign(header, probe);
            if (!new ECDSAVerifier(key.toPublicJWK()).verify(header, probe, signature)) {
                throw new ToolFailure("the instance key's d is not the private key of its x and y");
            }
        } catch (JOSEException e) {
            throw new ToolFailure("the instance key cannot sign: " + e.getMessage());
        }
        return new InstanceKey(key);
    }

    /** instance-key.json as {@code init} writes it. */
    public static InstanceKey read(Path file) throws IOException {
        Map<String, Object> jwk = Json.object(Json.parse(Files.readString(file)), file.toString());
        if (!"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))) {
            throw new ToolFailure(file + " is not an EC P-256 JWK");
        }
        for (String member : new String[] {"x", "y", "d"}) {
            if (!(jwk.get(member) instanceof String)) {
                throw new ToolFailure(file + " has no '" + member + "' member");
            }
        }
        try {
            return of(JWK.parse(jwk).toECKey());
        } catch (ParseException | IllegalStateException e) {
            throw new ToolFailure(file + ": " + e.getMessage());
        } catch (ToolFailure e) {
            throw new ToolFailure(file + ": " + e.getMessage());
        }
    }

    /** The public part with only its required members (RFC 7638 §3.2), as cnf.jwk and the DPoP header carry it. */
    public ECKey publicJwk() {
        return new ECKey.Builder(Curve.P_256, key.getX(), key.getY()).build();
    }

    /** RFC 7638 SHA-256 thumbprint, base64url. */
    public String thumbprint() {
        try {
            return publicJwk().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWSSigner signer() {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
