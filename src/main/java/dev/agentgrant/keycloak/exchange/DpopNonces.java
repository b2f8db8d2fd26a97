package dev.agentgrant.keycloak.exchange;

import java.security.Key;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.dpop.DPoP;

/**
 * {@link DpopNonce}s of one agent, keyed with the realm's HMAC key — the key Keycloak signs its own internal tokens
 * with ({@link Constants#INTERNAL_SIGNATURE_ALGORITHM}). Every node reads it from the realm's key providers, so a nonce
 * one node issued is accepted by all; after a rotation the previous key, while still enabled, keeps its nonces valid.
 * Keycloak 26.7 has no DPoP nonces of its own (keycloak/keycloak#39042).
 */
final class DpopNonces {

    private static final Logger LOG = Logger.getLogger(DpopNonces.class);
    /** RFC 9449 §8.1: the claim of a proof carrying a server-provided nonce. */
    static final String CLAIM = "nonce";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String agentId;

    public DpopNonces(KeycloakSession session, RealmModel realm, String agentId) {
        this.session = session;
        this.realm = realm;
        this.agentId = agentId;
    }

    /** A fresh nonce; empty only if the realm has no usable HMAC key (then no proof can pass, which is logged). */
    public Optional<String> issue(Instant now) {
        try {
            KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM);
            return Optional.of(DpopNonce.issue(key.getSecretKey().getEncoded(), agentId, now));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Realm %s has no active %s key: no DPoP nonce can be issued, so agents requiring one are refused (%s)",
                    realm.getName(), Constants.INTERNAL_SIGNATURE_ALGORITHM, e.getMessage());
            return Optional.empty();
        }
    }

    public DpopNonce.Verdict check(DPoP proof, Instant now) {
        List<byte[]> keys = session.keys()
                .getKeysStream(realm, KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM)
                .map(KeyWrapper::getSecretKey)
                .filter(Objects::nonNull)
                .map(Key::getEncoded)
                .toList();
        Object presented =
                proof.getOtherClaims() == null ? null : proof.getOtherClaims().get(CLAIM);
        return DpopNonce.check(presented, keys, agentId, now);
    }
}
