package dev.agentgrant.demo.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.demo.client.Json;
import dev.agentgrant.demo.client.ToolFailure;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Security Event Token (RFC 8417) the realm pushed to this API (RFC 8935) and names the events in it this API
 * acts on. The SET is a compact JWS of {@code typ} {@code secevent+jwt} (RFC 8417 §2.3), signed with an asymmetric
 * algorithm by a key of the realm's JWKS named by {@code kid}; {@code iss} is the realm, {@code aud} this API's client
 * id, {@code jti} and {@code iat} are present (§2.2). Its events are CAEP's {@code session-revoked} and
 * {@code token-claims-change} (a suspended or resumed agent) about a task grant, the grant named as the
 * {@code session} of an SSF complex subject ({@code sub_id.session.id}); events of other types are ignored, as RFC 8417
 * §2.2 lets a recipient do. Each refusal is a {@link SetRejected} with an RFC 8935 §2.4 error code.
 */
final class SetVerifier {

    static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    static final String CLAIMS_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/token-claims-change";

    /** Asymmetric signatures only (RFC 8725 §3.1): no "none", no MAC with a secret anyone could hold. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    /** One event this API acts on: its short name ({@code session-revoked}), the grant and the event's members. */
    record GrantEvent(String name, String grantId, Map<String, Object> event) {}

    /** A SET that passed: its {@code jti} and the events this API acts on, in the order the SET lists them. */
    record Verified(String jti, List<GrantEvent> events) {}

    private final String issuer;
    private final String audience;
    private final RealmKeys keys;

    SetVerifier(String issuer, String audience, RealmKeys keys) {
        this.issuer = issuer;
        this.audience = audience;
        this.keys = keys;
    }

    /** The SET's jti and the events of it this API acts on (none, possibly). */
    Verified verify(String compact) throws SetRejected {
        JWSObject jws = parse(compact);
        JWSHeader header = jws.getHeader();
        if (header.getType() == null || !isSetType(header.getType().getType())) {
            throw new SetRejected("invalid_request", "typ is not secevent+jwt (RFC 8417, section 2.3)");
        }
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new SetRejected(
                    "invalid_request", "alg " + header.getAlgorithm() + " is not an asymmetric signature algorithm");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new SetRejected("invalid_request", "crit names header parameters this receiver does not know");
        }
        if (header.getJWK() != null || header.getJWKURL() != null || header.getX509CertChain() != null) {
            // The realm's JWKS is the only trust: a key the SET brings with it proves nothing (RFC 8725 §3.10).
            throw new SetRejected(
                    "invalid_key", "the SET carries its own key or a key URL; only the realm's keys count");
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isEmpty()) {
            throw new SetRejected("invalid_key", "the SET names no kid");
        }
        JWK key = keys.key(kid)
                .orElseThrow(() -> new SetRejected("invalid_key", "no key of the realm has the kid " + printable(kid)));
        verifySignature(jws, header.getAlgorithm(), key);

        Map<String, Object> claims;
        try {
            claims = Json.object(Json.parse(jws.getPayload().toString()), "the SET's claims");
        } catch (ToolFailure e) {
            throw new SetRejected("invalid_request", "the SET's claims are not a JSON object: " + e.getMessage());
        }
        if (!issuer.equals(claims.get("iss"))) {
            throw new SetRejected(
                    "invalid_issuer", "iss is " + printable(String.valueOf(claims.get("iss"))) + ", not " + issuer);
        }
        Object aud = claims.get("aud");
        if (!(audience.equals(aud) || (aud instanceof List<?> list && list.contains(audience)))) {
            throw new SetRejected("invalid_audience", "aud does not name " + audience);
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty()) {
            throw new SetRejected("invalid_request", "the SET has no jti (RFC 8417, section 2.2)");
        }
        if (!(claims.get("iat") instanceof Number)) {
            throw new SetRejected("invalid_request", "the SET has no iat (RFC 8417, section 2.2)");
        }
        if (!(claims.get("events") instanceof Map<?, ?> events) || events.isEmpty()) {
            throw new SetRejected("invalid_request", "the SET has no events (RFC 8417, section 2.2)");
        }
        List<GrantEvent> found = new ArrayList<>();
        for (Map.Entry<?, ?> event : events.entrySet()) {
            String name = SESSION_REVOKED.equals(event.getKey())
                    ? "session-revoked"
                    : CLAIMS_CHANGE.equals(event.getKey()) ? "token-claims-change" : null;
            if (name == null) {
                continue;
            }
            if (!(event.getValue() instanceof Map<?, ?> members)) {
                throw new SetRejected("invalid_request", "the " + name + " event is not a JSON object");
            }
            found.add(new GrantEvent(name, grantId(claims, name), Json.object(members, "the event")));
        }
        return new Verified(jti, found);
    }

    private static JWSObject parse(String compact) throws SetRejected {
        JOSEObject object;
        try {
            object = JOSEObject.parse(compact);
        } catch (ParseException e) {
            throw new SetRejected("invalid_request", "the body is not a JWS in compact serialization");
        }
        if (!(object instanceof JWSObject jws)) {
            throw new SetRejected("invalid_request", "the SET is not signed (a JWS is required)");
        }
        return jws;
    }

    /** RFC 7515 §4.1.9: the media type, with or without its "application/" prefix, in any case. */
    private static boolean isSetType(String typ) {
        String type = typ.toLowerCase(Locale.ROOT);
        return type.equals("secevent+jwt") || type.equals("application/secevent+jwt");
    }

    private static void verifySignature(JWSObject jws, JWSAlgorithm alg, JWK key) throws SetRejected {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            throw new SetRejected("invalid_key", "the realm's key " + key.getKeyID() + " is not for " + alg);
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw new SetRejected("invalid_key", "the realm's key " + key.getKeyID() + " is not a signing key");
        }
        boolean valid;
        try {
            JWSVerifier verifier;
            if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
                verifier = new ECDSAVerifier(ec);
            } else {
                throw new SetRejected("invalid_key", "the realm's key " + key.getKeyID() + " cannot verify " + alg);
            }
            valid = jws.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            throw new SetRejected("invalid_key", "the realm's key " + key.getKeyID() + " cannot verify " + alg);
        }
        if (!valid) {
            throw new SetRejected(
                    "invalid_key", "the signature does not verify with the realm's key " + key.getKeyID());
        }
    }

    /** SSF 1.0 complex subject: {@code sub_id.session.id} is the task grant the event is about. */
    private static String grantId(Map<String, Object> claims, String event) throws SetRejected {
        if (claims.get("sub_id") instanceof Map<?, ?> subject
                && subject.get("session") instanceof Map<?, ?> session
                && session.get("id") instanceof String id
                && !id.isEmpty()) {
            return id;
        }
        throw new SetRejected("invalid_request", "the " + event + " event's sub_id has no session.id (the grant)");
    }

    /** Printable ASCII of at most 64 characters, for a value the sender chose that goes into a description or log. */
    static String printable(String value) {
        String shown = value.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }
}
