package dev.agentgrant.keycloak.signal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of one Security Event Token (RFC 8417 §2.2) about a grant: {@code iss} the realm's issuer, {@code jti}
 * unique per SET (kept across delivery attempts, so a receiver recognises a repeat, RFC 8935 §2), {@code iat}, {@code
 * aud} the receiver's client_id, {@code sub_id} the subject, and {@code events} holding exactly one CAEP event.
 *
 * <p>The subject is the complex subject identifier of RFC 9493 §3.2.1 as the OpenID Shared Signals Framework 1.0 uses
 * it: {@code session} an opaque identifier, the grant id (the session its tokens belong to, and their {@code grant_id}
 * claim), and {@code user} the person as issuer and subject ({@code iss_sub}, RFC 9493 §3.2.5), the {@code sub} of the
 * grant's tokens. There is no {@code sub} claim and no {@code exp}: both are optional in RFC 8417 §2.2, SSF 1.0 puts
 * the subject in {@code sub_id} instead of {@code sub}, and a SET describes something that happened rather than
 * granting anything until a time.
 */
public final class SetClaims {

    /** The JWS {@code typ} of a SET (RFC 8417 §2.3). */
    public static final String TYP = "secevent+jwt";

    private SetClaims() {}

    public static Map<String, Object> of(
            String issuer,
            String jti,
            Instant issuedAt,
            String audience,
            String grantId,
            Optional<String> userId,
            CaepEvent event) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("jti", jti);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("aud", audience);
        claims.put("sub_id", subject(issuer, grantId, userId));
        claims.put("events", Map.of(event.type().uri(), event.members()));
        return claims;
    }

    static Map<String, Object> subject(String issuer, String grantId, Optional<String> userId) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("format", "complex");
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("format", "opaque");
        session.put("id", grantId);
        subject.put("session", session);
        userId.ifPresent(id -> {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("format", "iss_sub");
            user.put("iss", issuer);
            user.put("sub", id);
            subject.put("user", user);
        });
        return subject;
    }
}
