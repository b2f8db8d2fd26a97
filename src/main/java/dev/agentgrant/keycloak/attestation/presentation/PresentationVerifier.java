package dev.agentgrant.keycloak.attestation.presentation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import dev.agentgrant.keycloak.attestation.jose.Claims;
import dev.agentgrant.keycloak.attestation.jose.PublicKeyVerifiers;
import dev.agentgrant.keycloak.attestation.jose.StrictJws;
import dev.agentgrant.keycloak.support.WireContract;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies an attestation presentation (the {@code actor_token}, docs/wire-contract.md) apart from its evidence
 * and its single use: shape, header, claims and time first — all cheap — and the signature last. The replay
 * entry for {@code jti} is written by the caller only after everything, evidence and policy included, passed.
 *
 * <p>Rules: compact JWS, {@code typ} {@value WireContract#ATTESTATION_PRESENTATION_TYP}, signed by the public
 * key in {@code cnf.jwk} (RFC 7800 §3.2), {@code iss} = the authenticated agent, exactly one {@code aud} = the
 * realm's issuer, {@code iat} and {@code exp} required with {@code exp − iat} ≤ 60 s, one 15 s skew
 * allowance, a {@code jti}, at most {@value WireContract#MAX_EVIDENCE_ITEMS} evidence items and one per source.
 */
public final class PresentationVerifier {

    /** Keycloak's default cap for token parameters (req-token-params-default-max-size). */
    public static final int MAX_LENGTH = 20_000;

    private static final Pattern JTI = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Set<String> EVIDENCE_MEMBERS = Set.of("source", "format", "value");
    private static final Duration SKEW = WireContract.CLOCK_SKEW;

    private final Clock clock;

    public PresentationVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param compact the presentation as received
     * @param agentClientId the client_id the agent authenticated as
     * @param realmIssuer the realm's issuer URL
     */
    public VerifiedPresentation verify(String compact, String agentClientId, String realmIssuer)
            throws EvidenceRejected {
        StrictJws jws = StrictJws.parse(compact, MAX_LENGTH, PublicKeyVerifiers.SUPPORTED);
        if (!jws.hasType(WireContract.ATTESTATION_PRESENTATION_TYP)) {
            throw new EvidenceRejected(
                    "invalid_type",
                    "Presentation typ is " + jws.type() + ", expected " + WireContract.ATTESTATION_PRESENTATION_TYP);
        }
        Claims claims = new Claims(jws.payload());

        String issuer = claims.requiredString("iss");
        if (!issuer.equals(agentClientId)) {
            throw new EvidenceRejected(
                    "invalid_issuer",
                    "Presentation iss '" + issuer + "' is not the authenticated agent '" + agentClientId + "'");
        }
        String audience = claims.singleAudience();
        if (!audience.equals(realmIssuer)) {
            throw new EvidenceRejected("invalid_audience", "Presentation aud '" + audience + "' is not this realm");
        }
        String jti = claims.requiredString("jti");
        if (!JTI.matcher(jti).matches()) {
            throw new EvidenceRejected("invalid_claim", "Presentation jti is not 1–128 printable ASCII characters");
        }
        Instant issuedAt = claims.requiredTime("iat");
        Instant expiresAt = claims.requiredTime("exp");
        checkTimes(issuedAt, expiresAt, claims.optionalTime("nbf"));

        JWK instanceKey = instanceKey(claims);
        List<EvidenceItem> evidence = evidence(claims);

        jws.verifySignature(instanceKey);
        return new VerifiedPresentation(
                issuer, jti, issuedAt, expiresAt, instanceKey, thumbprint(instanceKey), evidence);
    }

    private void checkTimes(Instant issuedAt, Instant expiresAt, Instant notBefore) throws EvidenceRejected {
        Instant now = clock.instant();
        if (!expiresAt.isAfter(issuedAt)) {
            throw new EvidenceRejected("invalid_claim", "Presentation exp is not after iat");
        }
        // Checked before any replay-cache write: a far-future exp must never buy a long-lived cache entry.
        if (Duration.between(issuedAt, expiresAt).compareTo(WireContract.PRESENTATION_MAX_LIFETIME) > 0) {
            throw new EvidenceRejected(
                    "lifetime_too_long",
                    "Presentation lives "
                            + Duration.between(issuedAt, expiresAt).toSeconds() + " s, at most "
                            + WireContract.PRESENTATION_MAX_LIFETIME.toSeconds() + " s are accepted");
        }
        if (issuedAt.isAfter(now.plus(SKEW))) {
            throw new EvidenceRejected("not_yet_valid", "Presentation iat lies in the future");
        }
        if (notBefore != null && notBefore.isAfter(now.plus(SKEW))) {
            throw new EvidenceRejected("not_yet_valid", "Presentation nbf lies in the future");
        }
        if (now.isAfter(expiresAt.plus(SKEW))) {
            throw new EvidenceRejected("expired", "Presentation expired at " + expiresAt);
        }
    }

    private static JWK instanceKey(Claims claims) throws EvidenceRejected {
        Map<String, Object> confirmation = claims.requiredObject("cnf");
        Object jwk = confirmation.get("jwk");
        if (!(jwk instanceof Map<?, ?>)) {
            throw new EvidenceRejected("invalid_key", "Presentation cnf has no jwk object");
        }
        try {
            @SuppressWarnings("unchecked")
            JWK key = JWK.parse((Map<String, Object>) jwk);
            if (key.isPrivate()) {
                throw new EvidenceRejected("invalid_key", "Presentation cnf.jwk contains private key material");
            }
            requireCanonical(key);
            return key;
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new EvidenceRejected("invalid_key", "Presentation cnf.jwk is not a JWK: " + e.getMessage());
        }
    }

    /**
     * One key, one spelling: the thumbprint that binds the presentation to the agent's DPoP key hashes the members as
     * written (RFC 7638 §3), while Nimbus decodes base64url leniently (skipping characters outside the alphabet) and
     * reads coordinates as numbers (ignoring leading zero octets). So the members must be exactly what the key's own
     * encoding gives: unpadded base64url, EC coordinates of the curve's full size (RFC 7518 §6.2.1.2), RSA integers
     * without leading zeros (RFC 7518 §6.3.1.1), the 32 Ed25519 octets (RFC 8037 §2).
     */
    private static void requireCanonical(JWK key) throws EvidenceRejected, JOSEException {
        JWK canonical;
        if (key instanceof ECKey ec) {
            canonical = new ECKey.Builder(ec.getCurve(), ec.toECPublicKey()).build();
        } else if (key instanceof RSAKey rsa) {
            canonical = new RSAKey.Builder(rsa.toRSAPublicKey()).build();
        } else if (key instanceof OctetKeyPair okp) {
            canonical = new OctetKeyPair.Builder(okp.getCurve(), Base64URL.encode(okp.getDecodedX())).build();
        } else {
            return; // no verifier accepts other key types
        }
        if (!canonical.computeThumbprint().equals(key.computeThumbprint())) {
            throw new EvidenceRejected(
                    "invalid_key",
                    "Presentation cnf.jwk is not in canonical form (unpadded base64url, full-size members)");
        }
    }

    private static List<EvidenceItem> evidence(Claims claims) throws EvidenceRejected {
        List<?> items = claims.optionalArray("evidence");
        if (items.size() > WireContract.MAX_EVIDENCE_ITEMS) {
            throw new EvidenceRejected(
                    "too_much_evidence",
                    "Presentation carries " + items.size() + " evidence items, at most "
                            + WireContract.MAX_EVIDENCE_ITEMS + " are accepted");
        }
        List<EvidenceItem> evidence = new ArrayList<>(items.size());
        Set<String> sources = new HashSet<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> members)) {
                throw new EvidenceRejected("invalid_evidence", "Evidence item is not a JSON object");
            }
            for (Object member : members.keySet()) {
                if (!EVIDENCE_MEMBERS.contains(member)) {
                    throw new EvidenceRejected(
                            "invalid_evidence", "Evidence item member '" + member + "' is not known");
                }
            }
            if (!(members.get("source") instanceof String source)
                    || !WireContract.SOURCE_ALIAS.matcher(source).matches()) {
                throw new EvidenceRejected("invalid_evidence", "Evidence source is not an attestation source alias");
            }
            if (!sources.add(source)) {
                throw new EvidenceRejected("duplicate_source", "More than one evidence item for source " + source);
            }
            EvidenceItem.Format format = members.get("format") instanceof String name
                    ? EvidenceItem.Format.byWireName(name).orElse(null)
                    : null;
            if (format == null) {
                throw new EvidenceRejected(
                        "invalid_evidence", "Evidence format of source " + source + " is not jwt, dsse or digest-ref");
            }
            evidence.add(new EvidenceItem(source, format, value(source, format, members.get("value"))));
        }
        return evidence;
    }

    private static String value(String source, EvidenceItem.Format format, Object value) throws EvidenceRejected {
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        // A DSSE envelope may travel as a JSON object; it is kept as canonical-enough JSON text for its verifier.
        if (format == EvidenceItem.Format.DSSE && value instanceof Map<?, ?>) {
            return JSONObjectUtils.toJSONString(castMap(value));
        }
        throw new EvidenceRejected(
                "invalid_evidence", "Evidence value of source " + source + " is missing or of the wrong type");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object value) {
        return (Map<String, ?>) value;
    }

    private static String thumbprint(JWK key) throws EvidenceRejected {
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new EvidenceRejected("invalid_key", "Cannot compute the instance key thumbprint: " + e.getMessage());
        }
    }
}
