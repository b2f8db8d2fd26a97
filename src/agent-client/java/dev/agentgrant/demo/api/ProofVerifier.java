package dev.agentgrant.demo.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentgrant.demo.client.DpopProof;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import java.text.ParseException;
import java.util.Map;

/** RFC 9449 §4.3 steps 2–7, with Nimbus JOSE+JWT: one compact JWS, typ dpop+jwt, ES256, a public P-256 JWK that verifies it. */
final class ProofVerifier {

    /** The one proof algorithm this server accepts: the agent instance keys of the demo are EC P-256. */
    static final String ALGORITHM = "ES256";

    /** A DPoP proof whose signature verified: its header key's RFC 7638 thumbprint and its claims. */
    record Proof(String jkt, JWTClaimsSet claims) {}

    private ProofVerifier() {}

    /** The verified proof; an IllegalArgumentException saying what is wrong with it otherwise. */
    static Proof verify(String jws) {
        Base64URL[] parts;
        try {
            parts = JOSEObject.split(jws);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the proof is not a compact JWS");
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("the proof is not a compact JWS");
        }
        // The header as sent, before Nimbus reads it: its parser would refuse a private JWK without saying so.
        Map<String, Object> header = jsonObject(parts[0], "the proof header");
        if (!DpopProof.TYPE.getType().equals(header.get("typ"))) {
            throw new IllegalArgumentException("the proof's typ is not dpop+jwt");
        }
        if (!ALGORITHM.equals(header.get("alg"))) {
            throw new IllegalArgumentException("the proof's alg is not " + ALGORITHM);
        }
        if (!(header.get("jwk") instanceof Map<?, ?> jwk)) {
            throw new IllegalArgumentException("the proof's jwk is not a JSON object");
        }
        if (jwk.containsKey("d")) {
            throw new IllegalArgumentException("the proof's jwk holds a private key");
        }
        try {
            ECKey key = JWK.parse(Json.object(jwk, "the proof's jwk")).toECKey();
            if (!Curve.P_256.equals(key.getCurve())) {
                throw new IllegalArgumentException("the proof's jwk is not a P-256 public key");
            }
            SignedJWT proof = SignedJWT.parse(jws);
            if (!JWSAlgorithm.ES256.equals(proof.getHeader().getAlgorithm()) || !proof.verify(new ECDSAVerifier(key))) {
                throw new IllegalArgumentException("the proof's signature does not verify with its jwk");
            }
            return new Proof(key.computeThumbprint().toString(), proof.getJWTClaimsSet());
        } catch (ParseException | IllegalStateException | ToolFailure e) {
            throw new IllegalArgumentException("the proof is malformed: " + e.getMessage());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the proof's jwk is not a P-256 public key: " + e.getMessage());
        }
    }

    private static Map<String, Object> jsonObject(Base64URL part, String what) {
        try {
            return Json.object(Json.parse(part.decodeToString()), what);
        } catch (ToolFailure e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }
}
