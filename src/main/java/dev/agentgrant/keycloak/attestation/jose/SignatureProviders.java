package dev.agentgrant.keycloak.attestation.jose;

import java.security.Provider;
import java.security.Security;
import java.util.Optional;

/**
 * The JCA provider that verifies ECDSA signatures. Inside Keycloak that is the Bouncy Castle provider Keycloak's
 * default crypto registers as {@code BC} — the one its own DPoP and token checks use — which verifies an ES256
 * signature about four times faster than the JDK 17 default on the exchange's hot path (a presentation on every
 * token; see docs/performance.md). Where no {@code BC} provider is registered (Keycloak's FIPS crypto registers
 * {@code BCFIPS} instead; unit tests and benchmarks outside the server), the JDK's default provider verifies, as
 * before. Both reject the same signatures: Nimbus checks the JWS signature's length and the r, s range before either
 * provider sees it.
 */
public final class SignatureProviders {

    /** The name Bouncy Castle's (non-FIPS) provider registers under. */
    static final String BOUNCY_CASTLE = "BC";

    private SignatureProviders() {}

    public static Optional<Provider> ecdsa() {
        return Optional.ofNullable(Security.getProvider(BOUNCY_CASTLE));
    }
}
