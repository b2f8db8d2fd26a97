package dev.agentgrant.keycloak.attestation.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentgrant.keycloak.attestation.EvidenceRejected;
import java.security.Provider;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Signature verifiers built once per public key, algorithm and provider instead of on every verification: building
 * one decodes the key's coordinates, checks that an EC point lies on its curve and puts the key into the verifying
 * provider's own form ({@link SignatureProviders#ownKey}). The same keys come back on every request — an agent's
 * instance key in each presentation, an issuer's keys for each evidence JWT — so each is built once.
 *
 * <p>An entry is keyed by the key material itself (the members RFC 7638 §3.2 names for the key type, which alone
 * determine the public key), so a key that changes is another entry and no entry can ever answer for another key:
 * nothing needs invalidating when an agent's or an issuer's keys change. The map is bounded: once it holds {@value
 * #MAX_ENTRIES} verifiers it is emptied whole, so keys that no longer come back leave it and many keys cost memory
 * only up to the bound. A key that fails to build is never kept.
 */
final class BuiltVerifiers {

    static final int MAX_ENTRIES = 1024;

    /** Builds a verifier when none is kept for the key. */
    @FunctionalInterface
    interface Build {
        JWSVerifier verifier() throws EvidenceRejected;
    }

    private final ConcurrentMap<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    JWSVerifier get(JWK key, JWSAlgorithm algorithm, Optional<Provider> provider, Build build) throws EvidenceRejected {
        String name = entryName(key, algorithm, provider);
        JWSVerifier kept = verifiers.get(name);
        if (kept != null) {
            return kept;
        }
        JWSVerifier built = build.verifier();
        if (verifiers.size() >= MAX_ENTRIES) {
            verifiers.clear();
        }
        verifiers.put(name, built);
        return built;
    }

    int size() {
        return verifiers.size();
    }

    /** What an entry is for: the algorithm, the provider and the public key's material (RFC 7638 §3.2 members). */
    static String entryName(JWK key, JWSAlgorithm algorithm, Optional<Provider> provider) {
        String material;
        if (key instanceof ECKey ec) {
            material = "EC " + ec.getCurve() + " " + ec.getX() + " " + ec.getY();
        } else if (key instanceof OctetKeyPair okp) {
            material = "OKP " + okp.getCurve() + " " + okp.getX();
        } else if (key instanceof RSAKey rsa) {
            material = "RSA " + rsa.getModulus() + " " + rsa.getPublicExponent();
        } else {
            throw new IllegalArgumentException("No verifier for key type " + key.getKeyType());
        }
        return algorithm.getName() + " " + provider.map(Provider::getName).orElse("-") + " " + material;
    }
}
