package dev.agentgrant.keycloak.exchange;

import dev.agentgrant.keycloak.support.OAuthError;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a task token expires: the earliest of now + the agent's access-token lifespan (5 minutes unless the agent
 * client sets its own), the grant's expiry and the expiry of the identity evidence it was minted on. JWT times are
 * whole seconds (RFC 7519 §2), so the result is rounded down; a token that would live less than 30 seconds is refused
 * instead of minted, since it would expire before the agent could use it.
 */
final class TokenLifetime {

    static final Duration DEFAULT_LIFESPAN = Duration.ofMinutes(5);
    static final Duration MINIMUM = Duration.ofSeconds(30);

    private TokenLifetime() {}

    /** The agent client's own access-token lifespan attribute, when an admin set a readable one. */
    public static Optional<Duration> agentLifespan(String attribute) {
        try {
            return attribute == null || attribute.isBlank()
                    ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Long.parseLong(attribute.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Instant expiry(
            Instant now, Optional<Duration> agentLifespan, Instant grantExpiry, Optional<Instant> identityExpiry)
            throws ExchangeRefusal {
        Instant expiry = now.plus(
                agentLifespan.filter(d -> !d.isNegative() && !d.isZero()).orElse(DEFAULT_LIFESPAN));
        if (grantExpiry.isBefore(expiry)) {
            expiry = grantExpiry;
        }
        if (identityExpiry.isPresent() && identityExpiry.get().isBefore(expiry)) {
            expiry = identityExpiry.get();
        }
        expiry = Instant.ofEpochSecond(expiry.getEpochSecond());
        if (Duration.between(now, expiry).compareTo(MINIMUM) < 0) {
            throw new ExchangeRefusal(
                    OAuthError.INVALID_GRANT,
                    "token_lifetime_too_short",
                    "The grant or the workload's identity evidence expires too soon to issue a token");
        }
        return expiry;
    }
}
