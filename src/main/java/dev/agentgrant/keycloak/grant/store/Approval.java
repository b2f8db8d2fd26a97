package dev.agentgrant.keycloak.grant.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A human's approval as the store records it: who, what they approved (already checked to be within what was
 * requested and what they could obtain themselves), and how they authenticated.
 *
 * @param authMethods the credential types used, space-separated (for example {@code password otp})
 * @param delegates   the client_ids of the sub-agents the person let the agent hand the task to (of those its profile
 *                    names); empty when none
 */
public record Approval(
        String userId,
        Set<String> scopes,
        Duration lifetime,
        Instant authTime,
        Optional<String> acr,
        Optional<String> authMethods,
        Set<String> delegates) {}
