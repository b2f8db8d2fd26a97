package dev.agentgrant.keycloak.attestation.intoto;

import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Verifies a DSSE envelope against a (t, n) set of trusted keys (DSSE protocol, "Multi-signature
 * Verification"):
 * <ul>
 *   <li>every signature is checked over {@link Pae PAE(payloadType, payload)}, never over the raw payload, so
 *       a signature cannot be moved to another payload type (DSSE protocol, "Signature Definition");</li>
 *   <li>the threshold counts distinct trusted keys with a valid signature: a key that signed twice counts once,
 *       and each trusted key is a different public key (DSSE protocol: "n unique trusted public keys");</li>
 *   <li>a signature's {@code keyid} only narrows which keys are tried (DSSE protocol: it "MUST NOT be used for
 *       security decisions"): a trusted key whose id differs from a non-empty {@code keyid} is skipped, as in
 *       the reference implementation, and a signature without {@code keyid} is tried against every key;</li>
 *   <li>after the signatures, the payload type must be the accepted one (checked after verification, in the
 *       protocol's order).</li>
 * </ul>
 */
public final class DsseVerifier {

    /** Bounds the work per envelope: at most this many keys times {@link DsseEnvelope#MAX_SIGNATURES} checks. */
    public static final int MAX_TRUSTED_KEYS = 32;

    /**
     * @param trustedKeys the keys whose signatures count, each a different public key, key ids unique
     * @param threshold how many distinct trusted keys must have signed, 1 to the number of keys
     * @param payloadType the one accepted {@code payloadType}, compared exactly (DSSE: case-sensitive)
     */
    public record Settings(List<TrustedKey> trustedKeys, int threshold, String payloadType) {

        public Settings {
            trustedKeys = List.copyOf(trustedKeys);
            if (trustedKeys.isEmpty() || trustedKeys.size() > MAX_TRUSTED_KEYS) {
                throw new IllegalArgumentException(
                        "Between 1 and " + MAX_TRUSTED_KEYS + " trusted keys are required, got " + trustedKeys.size());
            }
            if (threshold < 1 || threshold > trustedKeys.size()) {
                throw new IllegalArgumentException("Signature threshold " + threshold + " must be between 1 and the "
                        + trustedKeys.size() + " trusted keys");
            }
            if (payloadType == null || payloadType.isEmpty()) {
                throw new IllegalArgumentException("An accepted payloadType is required");
            }
            for (int i = 0; i < trustedKeys.size(); i++) {
                for (int j = i + 1; j < trustedKeys.size(); j++) {
                    TrustedKey a = trustedKeys.get(i);
                    TrustedKey b = trustedKeys.get(j);
                    // One key listed twice would let one signer meet a threshold of two.
                    if (a.sameKeyAs(b)) {
                        throw new IllegalArgumentException(
                                "Trusted keys " + a + " and " + b + " are the same public key");
                    }
                    if (a.keyId().isPresent() && a.keyId().equals(b.keyId())) {
                        throw new IllegalArgumentException(
                                "Key id " + a.keyId().get() + " is used by two trusted keys");
                    }
                }
            }
        }
    }

    private final Settings settings;

    public DsseVerifier(Settings settings) {
        this.settings = settings;
    }

    /** @return the verified payload (SERIALIZED_BODY), to be parsed according to the payload type */
    public byte[] verify(DsseEnvelope envelope) throws EvidenceRejected {
        byte[] pae = Pae.encode(envelope.payloadType(), envelope.payloadBytes());
        List<TrustedKey> keys = settings.trustedKeys();
        BitSet accepted = new BitSet(keys.size());
        for (DsseEnvelope.Signature signature : envelope.signatures()) {
            for (int k = 0; k < keys.size() && accepted.cardinality() < settings.threshold(); k++) {
                TrustedKey key = keys.get(k);
                if (accepted.get(k) || hintExcludes(signature, key)) {
                    continue;
                }
                if (key.verifies(pae, signature.sigBytes())) {
                    accepted.set(k);
                    break;
                }
            }
        }
        if (accepted.cardinality() < settings.threshold()) {
            throw new EvidenceRejected(
                    "insufficient_signatures",
                    "DSSE envelope carries valid signatures of "
                            + accepted.cardinality() + " trusted key(s), " + settings.threshold()
                            + " required; signed key ids: "
                            + keyIds(envelope));
        }
        if (!settings.payloadType().equals(envelope.payloadType())) {
            throw new EvidenceRejected(
                    "wrong_payload_type",
                    "DSSE payloadType '" + envelope.payloadType() + "' is not " + settings.payloadType());
        }
        return envelope.payload();
    }

    private static boolean hintExcludes(DsseEnvelope.Signature signature, TrustedKey key) {
        return signature.keyId().isPresent()
                && key.keyId().isPresent()
                && !signature.keyId().equals(key.keyId());
    }

    private static List<String> keyIds(DsseEnvelope envelope) {
        List<String> ids = new ArrayList<>();
        envelope.signatures().forEach(s -> ids.add(s.keyId().orElse("-")));
        return ids;
    }
}
