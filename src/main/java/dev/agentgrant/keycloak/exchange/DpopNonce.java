package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import dev.agentgrant.keycloak.support.WireContract;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 §8) that need no server-side state, so that every node of a cluster accepts a
 * nonce any other node issued: a nonce is the second it was issued and an HMAC-SHA256 over that second and the agent,
 * keyed with a secret every node shares (the realm's HMAC key). It limits how far ahead an agent, or whoever took
 * over its key, can prepare proofs (RFC 9449 §11.2): a proof is only accepted with a nonce issued at most
 * {@link #LIFETIME} ago (plus the clock skew between nodes).
 *
 * <p>Format: {@code <epoch second>.<base64url MAC>} — only RFC 9449 §8.1 {@code NQCHAR}s. A nonce is not secret; the MAC
 * only makes it unforgeable. It is bound to one agent, so a nonce collected by one agent is useless to another.
 */
final class DpopNonce {

    /** How long after issue a nonce is accepted. */
    public static final Duration LIFETIME = Duration.ofSeconds(120);

    /** What a proof's {@code nonce} claim amounts to. */
    public enum Verdict {
        /** Issued for this agent by this realm within {@link #LIFETIME}. */
        FRESH,
        /** The proof has no {@code nonce} claim. */
        MISSING,
        /** Issued for this agent by this realm, but too long ago. */
        EXPIRED,
        /** Not a nonce this realm issued for this agent (malformed, forged, another agent's, a rotated-out key's). */
        INVALID
    }

    private static final String ALGORITHM = "HmacSHA256";
    /** An epoch second (no sign, no leading zeros, at most 12 digits) and a 32-byte MAC in unpadded base64url. */
    private static final Pattern FORMAT = Pattern.compile("(0|[1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{43})");

    private DpopNonce() {}

    /** A new nonce for {@code agentId}, keyed with {@code key}. */
    public static String issue(byte[] key, String agentId, Instant now) {
        return nonce(key, agentId, now.getEpochSecond());
    }

    /**
     * Judges a proof's {@code nonce} claim.
     *
     * @param presented the claim as the proof carried it (any JSON value), {@code null} when absent
     * @param keys every key a still-valid nonce may have been issued with (after a key rotation, the old one too)
     */
    public static Verdict check(Object presented, List<byte[]> keys, String agentId, Instant now) {
        if (presented == null) {
            return Verdict.MISSING;
        }
        if (!(presented instanceof String text)) {
            return Verdict.INVALID;
        }
        Matcher parts = FORMAT.matcher(text);
        if (!parts.matches()) {
            return Verdict.INVALID;
        }
        long second = Long.parseLong(parts.group(1));
        // Compared as written, not as decoded: base64url leaves spare bits in the last character, and only the
        // canonical spelling of a nonce is one this realm issued.
        byte[] written = text.getBytes(StandardCharsets.US_ASCII);
        boolean ours = false;
        for (byte[] key : keys) {
            ours |= MessageDigest.isEqual(written, nonce(key, agentId, second).getBytes(StandardCharsets.US_ASCII));
        }
        if (!ours) {
            return Verdict.INVALID;
        }
        Instant issued = Instant.ofEpochSecond(second);
        if (issued.isAfter(now.plus(WireContract.CLOCK_SKEW))) {
            // Issued "in the future" by more than any node's clock can be ahead: not a nonce to trust.
            return Verdict.INVALID;
        }
        return issued.plus(LIFETIME).plus(WireContract.CLOCK_SKEW).isBefore(now) ? Verdict.EXPIRED : Verdict.FRESH;
    }

    /**
     * The exchange's answer to a verdict: nothing for a fresh nonce, else RFC 9449 §8 {@code use_dpop_nonce}, which
     * the response pairs with a new nonce in its {@code DPoP-Nonce} header.
     */
    public static void require(Verdict verdict) throws ExchangeRefusal {
        if (verdict != Verdict.FRESH) {
            throw new ExchangeRefusal(
                    OAuthError.USE_DPOP_NONCE,
                    "dpop_nonce_" + verdict.name().toLowerCase(Locale.ROOT),
                    "The DPoP proof must carry the nonce from this response's DPoP-Nonce header");
        }
    }

    private static String nonce(byte[] key, String agentId, long second) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            byte[] tag = mac.doFinal(
                    ("agent-grant:dpop-nonce\n" + agentId + "\n" + second).getBytes(StandardCharsets.UTF_8));
            return second + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform provides " + ALGORITHM, e);
        }
    }
}
