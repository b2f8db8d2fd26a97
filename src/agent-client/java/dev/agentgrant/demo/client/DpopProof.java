package dev.agentgrant.demo.client;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * DPoP proofs (RFC 9449 §4.2) signed with the instance key: header {@code typ} dpop+jwt, ES256 and the public key as
 * {@code jwk}; claims {@code jti}, {@code htm}, {@code htu} (the URL without query and fragment), {@code iat}, and
 * {@code ath} for a request that carries an access token (RFC 9449 §7), {@code nonce} when a server sent one (§8).
 */
public final class DpopProof {

    public static final JOSEObjectType TYPE = new JOSEObjectType("dpop+jwt");

    private DpopProof() {}

    /** A proof for one request; {@code accessToken}, {@code nonce} may be null, {@code jti} null for a random one. */
    public static String sign(
            InstanceKey key, String method, String url, String accessToken, String nonce, String jti) {
        Map<String, Object> claims = Json.map(
                "jti",
                jti == null ? UUID.randomUUID().toString() : jti,
                "htm",
                method,
                "htu",
                htu(url),
                "iat",
                Instant.now().getEpochSecond());
        if (accessToken != null) {
            claims.put("ath", accessTokenHash(accessToken));
        }
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(TYPE)
                .jwk(key.publicJwk())
                .build();
        return Jws.sign(header, claims, key.signer());
    }

    /** RFC 9449 §4.2: htu is the target URI without query and fragment. */
    public static String htu(String url) {
        try {
            URI target = new URI(url);
            return new URI(target.getScheme(), target.getRawAuthority(), target.getRawPath(), null, null).toString();
        } catch (URISyntaxException e) {
            throw new UsageError("--url is not a valid URL: " + e.getMessage());
        }
    }

    /** RFC 9449 §4.2: ath = base64url(SHA-256(ASCII(access token))). */
    public static String accessTokenHash(String accessToken) {
        return Base64URL.encode(Sha256.digest(accessToken.getBytes(StandardCharsets.US_ASCII)))
                .toString();
    }
}
