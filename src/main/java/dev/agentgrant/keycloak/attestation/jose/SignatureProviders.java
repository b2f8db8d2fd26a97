package dev.agentgrant.keycloak.attestation.jose;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;

/**
 * The JCA provider every evidence signature is verified with — the presentation's, the JWT evidence's (JWT-SVID,
 * Kubernetes service account and OIDC workload tokens) and the DSSE envelopes' — chosen per signature family, in one
 * place. Inside Keycloak the fastest is the Bouncy Castle provider Keycloak's default crypto registers as {@code BC},
 * the one its own DPoP and token checks use: on JDK 17 it verifies ECDSA about four times faster than the JDK's SunEC
 * (docs/performance.md), and Ed25519 faster as well. RSA stays with the JDK's provider, which Bouncy Castle does not
 * outpace. Where no {@code BC} provider is registered (Keycloak's FIPS crypto registers {@code BCFIPS} instead; unit
 * tests and benchmarks outside the server), the JDK's default provider verifies everything.
 */
public final class SignatureProviders {

    /** The name Bouncy Castle's (non-FIPS) provider registers under. */
    static final String BOUNCY_CASTLE = "BC";

    /** The signature families evidence is signed with. */
    public enum Family {
        ECDSA,
        EDDSA,
        RSA
    }

    /** JCA names the JDK and Bouncy Castle spell differently: ECDSA with the signature as fixed-length r‖s. */
    private static final Map<String, String> BOUNCY_CASTLE_NAMES = Map.of(
            "SHA256withECDSAinP1363Format", "SHA256withPLAIN-ECDSA",
            "SHA384withECDSAinP1363Format", "SHA384withPLAIN-ECDSA",
            "SHA512withECDSAinP1363Format", "SHA512withPLAIN-ECDSA");

    private SignatureProviders() {}

    /** The provider ECDSA signatures are verified with; empty for the JDK's default. */
    public static Optional<Provider> ecdsa() {
        return of(Family.ECDSA);
    }

    /** The provider signatures of {@code family} are verified with; empty for the JDK's default. */
    public static Optional<Provider> of(Family family) {
        return choose(family, Optional.ofNullable(Security.getProvider(BOUNCY_CASTLE)));
    }

    /** The choice itself: Bouncy Castle, when registered, for the families it verifies faster than the JDK. */
    static Optional<Provider> choose(Family family, Optional<Provider> bouncyCastle) {
        return family == Family.RSA ? Optional.empty() : bouncyCastle;
    }

    /**
     * A {@link Signature} for the JDK's algorithm name {@code jcaName} from the provider of {@code family}, under the
     * name that provider knows it by.
     */
    public static Signature signature(Family family, String jcaName) throws NoSuchAlgorithmException {
        Optional<Provider> provider = of(family);
        if (provider.isEmpty()) {
            return Signature.getInstance(jcaName);
        }
        return Signature.getInstance(nameIn(provider.get(), jcaName), provider.get());
    }

    /**
     * {@code key} as the provider of {@code family} holds keys of its own, so that it is not converted again on every
     * verification (Bouncy Castle turns a JDK key into its own form each time it is handed one); the key itself where
     * the JDK's provider verifies or the provider cannot translate it.
     */
    public static PublicKey ownKey(Family family, PublicKey key) {
        Optional<Provider> provider = of(family);
        if (provider.isEmpty()) {
            return key;
        }
        try {
            // From the SubjectPublicKeyInfo, which names the curve (translateKey would spell its parameters out).
            return KeyFactory.getInstance(key.getAlgorithm(), provider.get())
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return key;
        }
    }

    /** The JDK's algorithm name as {@code provider} spells it. */
    static String nameIn(Provider provider, String jcaName) {
        return BOUNCY_CASTLE.equals(provider.getName()) ? BOUNCY_CASTLE_NAMES.getOrDefault(jcaName, jcaName) : jcaName;
    }
}
