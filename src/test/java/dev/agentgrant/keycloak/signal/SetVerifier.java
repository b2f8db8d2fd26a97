package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentgrant.keycloak.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;

/**
 * Checks a pushed SET the way a receiver would, with a JOSE library of its own (Nimbus JOSE+JWT), not the extension's
 * code: {@code typ}, a {@code kid} of the realm's published JWKS, and the signature under that key.
 */
final class SetVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SetVerifier() {}

    /** The realm's JWKS, fetched from the {@code jwks_uri} every client of the realm uses. */
    static JWKSet realmKeys(Http http, String realm) {
        try {
            return JWKSet.parse(http.get("/realms/" + realm + "/protocol/openid-connect/certs")
                    .expect(200)
                    .body());
        } catch (ParseException e) {
            throw new AssertionError("the realm's JWKS does not parse", e);
        }
    }

    /** The verified claims; fails unless {@code set} is a SET signed with a key of {@code keys}. */
    static JsonNode verified(String set, JWKSet keys) {
        try {
            SignedJWT jwt = SignedJWT.parse(set);
            JWSHeader header = jwt.getHeader();
            assertThat(header.getType()).as("typ").hasToString("secevent+jwt");
            assertThat(header.getKeyID()).as("kid").isNotBlank();
            JWK key = keys.getKeyByKeyId(header.getKeyID());
            assertThat(key).as("the realm's key " + header.getKeyID()).isNotNull();
            boolean valid = jwt.verify(
                    new DefaultJWSVerifierFactory().createJWSVerifier(header, ((AsymmetricJWK) key).toPublicKey()));
            assertThat(valid).as("signature").isTrue();
            return JSON.readTree(jwt.getPayload().toString());
        } catch (ParseException | JOSEException e) {
            throw new AssertionError("not a SET signed by the realm: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload without checking anything: to find which push is about which grant. */
    static JsonNode payload(String set) {
        String[] parts = set.split("\\.");
        if (parts.length != 3) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return JSON.createObjectNode();
        }
    }

    static String header(String set, String member) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(set.split("\\.")[0]), StandardCharsets.UTF_8))
                    .path(member)
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
