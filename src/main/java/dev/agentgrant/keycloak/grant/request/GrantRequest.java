package dev.agentgrant.keycloak.grant.request;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A grant request (docs/wire-contract.md, "Request a grant") that passed {@link GrantRequestValidator}: every value
 * is within the agent's profile. The attestation presentation is carried unverified; verifying it is the attestation service's part.
 *
 * @param audience    the one client_id the task may reach
 * @param scopes      the requested scopes, in the order the agent wrote them, without duplicates
 * @param purpose     the task in the agent's words, without leading and trailing blanks
 * @param lifetime    how long the grant stays valid after approval (the profile's maximum when not requested)
 * @param maxUses     how many tokens the grant may mint (the profile's default when not requested)
 * @param loginHint   the human expected to approve, as the agent wrote it; resolved only at approval
 * @param actorToken  the attestation presentation, still to be verified
 */
public record GrantRequest(
        String audience,
        Set<String> scopes,
        String purpose,
        Duration lifetime,
        int maxUses,
        Optional<String> loginHint,
        String actorToken) {

    public GrantRequest {
        Objects.requireNonNull(audience, "audience");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(loginHint, "loginHint");
        Objects.requireNonNull(actorToken, "actorToken");
    }

    /** The scopes as an OAuth {@code scope} value (RFC 6749 §3.3). */
    public String scope() {
        return String.join(" ", scopes);
    }

    /** Leaves the presentation out: it is a credential. */
    @Override
    public String toString() {
        return "GrantRequest[audience=" + audience + ", scopes=" + scopes + ", lifetime=" + lifetime + ", maxUses="
                + maxUses + ", loginHint=" + loginHint.isPresent() + "]";
    }
}
