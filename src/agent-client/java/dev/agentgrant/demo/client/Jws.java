package dev.agentgrant.demo.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import java.util.Map;

/** Compact JWS (RFC 7515 §7.1) signed by Nimbus JOSE+JWT over claims written in the order they were put. */
public final class Jws {

    private Jws() {}

    public static String sign(JWSHeader header, Map<String, Object> claims, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, new Payload(Json.compact(claims)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new ToolFailure("signing a " + header.getAlgorithm() + " JWS failed: " + e.getMessage());
        }
        return jws.serialize();
    }
}
