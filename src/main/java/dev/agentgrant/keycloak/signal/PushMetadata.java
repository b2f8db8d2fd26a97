package dev.agentgrant.keycloak.signal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.RealmModel;

/**
 * How a resource server becomes a receiver of the revocation push, as the realm's discovery document tells it
 * (docs/wire-contract.md, "Revocation push"): the delivery method (RFC 8935 push, named as the OpenID Shared Signals
 * Framework 1.0 names it), the CAEP event types sent, the subject format, how SETs are signed and where the keys are,
 * and the client attributes that register a receiver on its audience client. There is no stream management API: an
 * admin registers a receiver by setting those attributes.
 */
public final class PushMetadata {

    /** SSF 1.0's identifier of RFC 8935 push delivery. */
    public static final String DELIVERY_METHOD = "urn:ietf:rfc:8935";

    private PushMetadata() {}

    /** The algorithm the realm's SETs are signed with: its default signature algorithm, RS256 when it names none. */
    public static String signingAlgorithm(RealmModel realm) {
        return SetSigner.algorithm(realm);
    }

    /** @param issuer the realm's issuer; its JWKS is Keycloak's {@code {issuer}/protocol/openid-connect/certs} */
    public static Map<String, Object> describe(String issuer, String signingAlgorithm) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("client", "audience");
        registration.put("push_endpoint_attribute", ReceiverRegistration.PUSH_ENDPOINT);
        registration.put("authorization_header_attribute", ReceiverRegistration.AUTHORIZATION_HEADER);
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("delivery_method", DELIVERY_METHOD);
        push.put(
                "events_supported",
                List.of(CaepEvent.Type.SESSION_REVOKED.uri(), CaepEvent.Type.TOKEN_CLAIMS_CHANGE.uri()));
        push.put("subject_format", "complex");
        push.put("set_typ", SetClaims.TYP);
        push.put("signing_alg", signingAlgorithm);
        push.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        push.put("receiver_registration", registration);
        return push;
    }
}
