package dev.agentgrant.keycloak.grant.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.agent.AgentProfileOptions;
import dev.agentgrant.keycloak.support.AdminResponses.Problem;
import dev.agentgrant.keycloak.support.QueryParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST …/agents} (make a client an agent, or create a new agent client) and of
 * {@code PUT …/agents/{clientId}} (replace an agent's profile), read without stopping at the first mistake: every
 * problem of the body is collected, so the answer can list them all with those of the profile it would make.
 *
 * <pre>
 * POST {"client_id": "...", "new_client": true|false, "name": "...", "attributes": {"agent-grant.…": "…"}}
 * PUT  {"attributes": {"agent-grant.…": "…"}}
 * </pre>
 *
 * Only {@code agent-grant.*} attributes are accepted: the client's other settings belong to Keycloak's client API.
 */
record AgentWriteRequest(
        Optional<String> clientId,
        boolean newClient,
        Optional<String> name,
        Map<String, String> attributes,
        List<Problem> problems) {

    static final String CLIENT_ID = "client_id";
    static final String NEW_CLIENT = "new_client";
    static final String NAME = "name";
    static final String ATTRIBUTES = "attributes";
    static final String BODY = "body";

    private static final Set<String> CREATION_MEMBERS = Set.of(CLIENT_ID, NEW_CLIENT, NAME, ATTRIBUTES);
    private static final Set<String> REPLACEMENT_MEMBERS = Set.of(ATTRIBUTES);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    AgentWriteRequest {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        problems = List.copyOf(problems);
    }

    /** A {@code POST …/agents} body. */
    static AgentWriteRequest creation(String body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode json = object(body, problems);
        if (json == null) {
            return new AgentWriteRequest(Optional.empty(), false, Optional.empty(), Map.of(), problems);
        }
        unknownMembers(json, CREATION_MEMBERS, problems);
        boolean newClient = false;
        JsonNode flag = json.get(NEW_CLIENT);
        if (flag != null) {
            if (flag.isBoolean()) {
                newClient = flag.booleanValue();
            } else {
                problems.add(new Problem(NEW_CLIENT, NEW_CLIENT + " must be true or false"));
            }
        }
        Optional<String> clientId = text(json, CLIENT_ID, problems);
        if (json.get(CLIENT_ID) == null) {
            problems.add(new Problem(CLIENT_ID, CLIENT_ID + " is required"));
        }
        if (newClient && clientId.isPresent() && !isClientId(clientId.get())) {
            problems.add(new Problem(
                    CLIENT_ID,
                    CLIENT_ID + " of a new client must be 1–" + QueryParameters.MAX_NAME_LENGTH
                            + " characters without blanks or control characters"));
        }
        Optional<String> name = text(json, NAME, problems);
        if (json.get(NAME) != null && !newClient) {
            problems.add(new Problem(
                    NAME, NAME + " is set only for a new client; rename a client through Keycloak's client API"));
        }
        Map<String, String> attributes = attributes(json, false, problems);
        return new AgentWriteRequest(clientId, newClient, name, attributes, problems);
    }

    /** A {@code PUT …/agents/{clientId}} body. */
    static AgentWriteRequest replacement(String body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode json = object(body, problems);
        if (json == null) {
            return new AgentWriteRequest(Optional.empty(), false, Optional.empty(), Map.of(), problems);
        }
        unknownMembers(json, REPLACEMENT_MEMBERS, problems);
        Map<String, String> attributes = attributes(json, true, problems);
        return new AgentWriteRequest(Optional.empty(), false, Optional.empty(), attributes, problems);
    }

    /**
     * The attributes the client will have: its own outside the namespace, and in it exactly the requested ones with
     * {@code agent-grant.enabled} = {@code true}.
     *
     * @param keepSuspension when the request does not name {@code agent-grant.suspended}, keep the client's current
     *                       value: editing an agent's ceilings must not lift a suspension, which has endpoints (and
     *                       admin events) of its own
     */
    Map<String, String> resultingAttributes(Map<String, String> current, boolean keepSuspension) {
        Map<String, String> result = new LinkedHashMap<>();
        current.forEach((attribute, value) -> {
            if (!inNamespace(attribute)) {
                result.put(attribute, value);
            }
        });
        String suspended = AgentProfileOptions.SUSPENDED.name();
        if (keepSuspension && !attributes.containsKey(suspended) && current.containsKey(suspended)) {
            result.put(suspended, current.get(suspended));
        }
        result.putAll(attributes);
        result.put(AgentProfileOptions.ENABLED.name(), "true");
        return result;
    }

    static boolean inNamespace(String attribute) {
        return attribute.toLowerCase(Locale.ROOT).startsWith(AgentProfileOptions.PREFIX);
    }

    private static JsonNode object(String body, List<Problem> problems) {
        if (body == null || body.isBlank()) {
            problems.add(new Problem(BODY, "The body must be a JSON object"));
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            problems.add(new Problem(BODY, "The body is not valid JSON (" + e.getOriginalMessage() + ")"));
            return null;
        }
        if (json == null || !json.isObject()) {
            problems.add(new Problem(BODY, "The body must be a JSON object"));
            return null;
        }
        return json;
    }

    private static void unknownMembers(JsonNode json, Set<String> known, List<Problem> problems) {
        json.fieldNames().forEachRemaining(member -> {
            if (!known.contains(member)) {
                problems.add(new Problem(
                        member,
                        "unknown member '" + member + "'; the body has "
                                + String.join(", ", known.stream().sorted().toList())));
            }
        });
    }

    private static Optional<String> text(JsonNode json, String member, List<Problem> problems) {
        JsonNode value = json.get(member);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            problems.add(new Problem(member, member + " must be a non-empty string"));
            return Optional.empty();
        }
        if (value.textValue().length() > QueryParameters.MAX_NAME_LENGTH) {
            problems.add(
                    new Problem(member, member + " is longer than " + QueryParameters.MAX_NAME_LENGTH + " characters"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private static Map<String, String> attributes(JsonNode json, boolean required, List<Problem> problems) {
        JsonNode value = json.get(ATTRIBUTES);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (value == null) {
            if (required) {
                problems.add(new Problem(ATTRIBUTES, ATTRIBUTES + " is required: the agent's whole profile"));
            }
            return attributes;
        }
        if (!value.isObject()) {
            problems.add(new Problem(ATTRIBUTES, ATTRIBUTES + " must be a JSON object of strings"));
            return attributes;
        }
        value.properties().forEach(attribute -> {
            String name = attribute.getKey();
            if (!inNamespace(name)) {
                problems.add(new Problem(
                        name,
                        "only agent-grant.* attributes are set here; '" + name + "' belongs to Keycloak's client API"));
            } else if (!attribute.getValue().isTextual()) {
                problems.add(new Problem(name, name + " must be a string, as every client attribute is"));
            } else if (name.equals(AgentProfileOptions.ENABLED.name())
                    && !attribute.getValue().textValue().equals("true")) {
                problems.add(new Problem(
                        name,
                        name + " is always true for an agent; stop a client being an agent with DELETE …/agents/"
                                + "{clientId}/profile"));
            } else {
                attributes.put(name, attribute.getValue().textValue());
            }
        });
        return attributes;
    }

    /** A client_id an admin can type and read: no blanks, no control or invisible format characters. */
    private static boolean isClientId(String clientId) {
        return clientId.codePoints()
                .allMatch(c -> !Character.isWhitespace(c)
                        && !Character.isSpaceChar(c)
                        && !Character.isISOControl(c)
                        && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.UNASSIGNED
                        && Character.getType(c) != Character.SURROGATE);
    }
}
