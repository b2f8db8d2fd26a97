package dev.agentgrant.keycloak.signal;

import java.util.Map;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Signs a SET with the realm's active key for the realm's default signature algorithm (RS256 unless the realm says
 * otherwise), with {@code typ: secevent+jwt} (RFC 8417 §2.3) and the key's {@code kid}, so a receiver verifies it with
 * the realm's JWKS ({@code /realms/{realm}/protocol/openid-connect/certs}) as it verifies tokens. Signed when sent, not
 * when queued: a SET that waited through a key rotation is signed with the key in force, which the JWKS lists.
 */
final class SetSigner {

    private SetSigner() {}

    /** The algorithm SETs of the realm are signed with: the realm's default signature algorithm, as for its tokens. */
    static String algorithm(RealmModel realm) {
        String algorithm = realm.getDefaultSignatureAlgorithm();
        return algorithm == null || algorithm.isBlank() ? Algorithm.RS256 : algorithm;
    }

    /** The compact JWS; the session's realm must be {@code realm} (Keycloak looks the key up there). */
    static String sign(KeycloakSession session, RealmModel realm, Map<String, Object> claims) {
        String algorithm = algorithm(realm);
        SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
        if (provider == null) {
            throw new IllegalStateException("no signature provider for " + algorithm);
        }
        return new JWSBuilder().type(SetClaims.TYP).jsonContent(claims).sign(provider.signer());
    }
}
