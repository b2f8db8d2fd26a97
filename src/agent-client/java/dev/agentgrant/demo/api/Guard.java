package dev.agentgrant.demo.api;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.agentgrant.demo.client.DpopProof;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** RFC 9449 §7.1: a DPoP-bound access token with a valid proof, then introspection, binding, audience, scope. */
final class Guard {

    static final String REQUIRED_SCOPE = "calendar.read";
    /** How old a proof may be, and how far in the future its iat may lie (clock skew), RFC 9449 §11.1. */
    static final Duration PROOF_MAX_AGE = Duration.ofSeconds(60);

    static final Duration PROOF_MAX_SKEW = Duration.ofSeconds(15);

    private final String htu;
    private final String audience;
    private final Introspection introspection;
    private final IntrospectionCache cache;
    private final Clock clock;
    /** jti → the epoch second after which the proof is too old to be accepted anyway (RFC 9449 §11.1). */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    Guard(String htu, String audience, Introspection introspection, IntrospectionCache cache, Clock clock) {
        this.htu = htu;
        this.audience = audience;
        this.introspection = introspection;
        this.cache = cache;
        this.clock = clock;
    }

    Outcome check(String method, List<String> authorization, List<String> dpop) {
        if (authorization.isEmpty()) {
            // RFC 6750 §3.1: no credentials, no error code.
            return new Outcome.Refused(
                    401, "invalid_request", "no access token", "DPoP algs=\"" + ProofVerifier.ALGORITHM + "\"");
        }
        if (authorization.size() > 1) {
            return Outcome.Refused.of(400, "invalid_request", "more than one Authorization header");
        }
        String[] scheme = authorization.get(0).split(" ", 2);
        if (scheme.length != 2 || !scheme[0].equalsIgnoreCase("DPoP")) {
            // RFC 9449 §7.2: this API accepts only DPoP-bound tokens, presented with the DPoP scheme.
            return Outcome.Refused.token("the access token must be sent with the DPoP scheme (RFC 9449, section 7.1)");
        }
        String token = scheme[1].strip();
        if (!token.matches("[A-Za-z0-9._~+/-]+=*")) {
            return Outcome.Refused.token("the access token is not a token68 value");
        }
        if (dpop.size() != 1) {
            return Outcome.Refused.proof(dpop.isEmpty() ? "no DPoP proof" : "more than one DPoP header");
        }
        ProofVerifier.Proof proof;
        try {
            proof = ProofVerifier.verify(dpop.get(0));
        } catch (IllegalArgumentException e) {
            return Outcome.Refused.proof(e.getMessage());
        }
        String problem = claimProblem(proof.claims(), method, token);
        if (problem != null) {
            return Outcome.Refused.proof(problem);
        }
        // A kept answer spares Keycloak a call; the realm's push drops it the moment its grant ends (PushReceiver).
        Optional<IntrospectionCache.Hit> hit = cache.get(token);
        if (hit.isPresent()) {
            return introspected(hit.get().answer(), proof, hit.get().ageSeconds());
        }
        Map<String, Object> answer;
        try {
            answer = introspection.introspect(token);
        } catch (IOException | RuntimeException e) {
            return new Outcome.Refused(
                    503, "temporarily_unavailable", "token introspection failed: " + e.getMessage(), null);
        }
        cache.put(token, answer);
        return introspected(answer, proof, -1);
    }

    /**
     * RFC 7662 §2.2: the answer is the authorization server's word on the token as it stands now, so the claims come
     * from it, not from the token: this API never parses or trusts the token's own payload.
     */
    private Outcome introspected(Map<String, Object> answer, ProofVerifier.Proof proof, long cachedAgeSeconds) {
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            return Outcome.Refused.token("the token is not active (token introspection)");
        }
        if (introspection.issuer() != null && !introspection.issuer().equals(answer.get("iss"))) {
            return Outcome.Refused.token("the token is from another issuer");
        }
        Object jkt = answer.get("cnf") instanceof Map<?, ?> cnf ? cnf.get("jkt") : null;
        if (jkt == null) {
            // RFC 9449 §6.2: introspection names the key a DPoP-bound token is bound to.
            return Outcome.Refused.token("the token is not DPoP-bound (no cnf.jkt)");
        }
        if (!jkt.equals(proof.jkt())) {
            // RFC 9449 §7.1: the proof's key must be the key the token is bound to.
            return Outcome.Refused.proof("the proof is signed by another key than the one the token is bound to");
        }
        Object aud = answer.get("aud");
        if (!(audience.equals(aud) || (aud instanceof List<?> list && list.contains(audience)))) {
            return Outcome.Refused.token("the token is not meant for " + audience);
        }
        if (!(answer.get("scope") instanceof String scopes)
                || !List.of(scopes.split(" ")).contains(REQUIRED_SCOPE)) {
            return new Outcome.Refused(
                    403,
                    "insufficient_scope",
                    "the token lacks the scope " + REQUIRED_SCOPE,
                    "DPoP algs=\"" + ProofVerifier.ALGORITHM + "\", error=\"insufficient_scope\", scope=\""
                            + REQUIRED_SCOPE + "\"");
        }
        return new Outcome.Accepted(answer, cachedAgeSeconds);
    }

    /** RFC 9449 §4.3 steps 8–12 and §7.1: htm, htu, iat, jti (once), ath; null when all hold. */
    String claimProblem(JWTClaimsSet claims, String method, String token) {
        if (!method.equals(claims.getClaim("htm"))) {
            return "htm is not " + method;
        }
        if (!htu.equals(claims.getClaim("htu"))) {
            return "htu is not " + htu;
        }
        long now = clock.instant().getEpochSecond();
        Date issued;
        try {
            issued = claims.getDateClaim("iat");
        } catch (ParseException e) {
            return "iat is not a number";
        }
        if (issued == null) {
            return "no iat";
        }
        long iat = issued.toInstant().getEpochSecond();
        if (iat > now + PROOF_MAX_SKEW.toSeconds() || iat < now - PROOF_MAX_AGE.toSeconds()) {
            return "iat is not within the last " + PROOF_MAX_AGE.toSeconds() + " s";
        }
        if (!DpopProof.accessTokenHash(token).equals(claims.getClaim("ath"))) {
            return "ath is not the hash of the access token";
        }
        if (!(claims.getClaim("jti") instanceof String jti) || jti.isEmpty()) {
            return "no jti";
        }
        seen.values().removeIf(until -> until < now);
        if (seen.putIfAbsent(jti, iat + PROOF_MAX_AGE.toSeconds() + PROOF_MAX_SKEW.toSeconds()) != null) {
            return "the proof was used before (jti)";
        }
        return null;
    }
}
