package dev.agentgrant.keycloak.grant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one task a grant stands for: which audience client it may reach and at which URI ({@code location}), what it
 * may do there ({@code scopes}) and why, in the agent's words ({@code purpose}). On the wire it is one RFC 9396 §2
 * {@code authorization_details} object of type {@value #TYPE}: what a request's details must agree with, what the
 * grant keeps, and what its tokens carry with the scopes actually granted.
 */
public record AgentTask(String audience, String location, Set<String> scopes, String purpose) {

    public static final String TYPE = "agent_task";

    private static final ObjectMapper JSON = new ObjectMapper();

    public AgentTask {
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    /** The same task with the scopes a person approved or a token was granted (a subset of these). */
    public AgentTask withScopes(Set<String> granted) {
        return new AgentTask(audience, location, granted, purpose);
    }

    /** RFC 9396 §2: an array holding the one {@value #TYPE} object, its scopes as {@code actions}. */
    public List<Map<String, Object>> authorizationDetails() {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("type", TYPE);
        task.put("actions", new ArrayList<>(scopes));
        task.put("locations", List.of(location));
        task.put("purpose", purpose);
        return List.of(task);
    }

    /** {@link #authorizationDetails()} as JSON text, the form a grant keeps. */
    public String authorizationDetailsJson() {
        try {
            return JSON.writeValueAsString(authorizationDetails());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of strings always serializes", e);
        }
    }

    /**
     * RFC 9396 §2 {@code locations} of a task for an audience client: its Root URL when it has one, otherwise the realm
     * issuer (the audience is a client of this realm).
     */
    public static String defaultLocation(String audienceRootUrl, String issuer) {
        return audienceRootUrl == null || audienceRootUrl.isBlank() ? issuer : audienceRootUrl;
    }

    /** The location a kept {@link #authorizationDetailsJson()} names, if the text is that shape. */
    public static Optional<String> locationIn(String authorizationDetailsJson) {
        try {
            JsonNode location = JSON.readTree(authorizationDetailsJson)
                    .path(0)
                    .path("locations")
                    .path(0);
            return location.isTextual() ? Optional.of(location.textValue()) : Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
