package dev.agentgrant.keycloak.grant.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentgrant.keycloak.support.InvalidAdminRequest;
import dev.agentgrant.keycloak.support.WireContract;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code POST …/agent-grant/grants/revoke}: exactly one criterion, {@code {"user": <user id>}},
 * {@code {"agent": <client_id>}} or {@code {"source": <attestation source alias>}}. Anything else is refused rather
 * than read generously: a criterion misread here would end the wrong people's grants.
 */
record BulkRevocation(Criterion criterion, String value) {

    /** What the grants to end have in common. */
    enum Criterion {
        /** The person's approved grants. */
        USER,
        /** The agent's approved grants and its requests waiting for a decision. */
        AGENT,
        /** Approved grants and waiting requests whose evidence an attestation source verified. */
        SOURCE;

        String member() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether requests still waiting for a person are refused too (they would otherwise stay approvable). */
        boolean deniesPending() {
            return this != USER;
        }
    }

    static final int MAX_BODY_CHARS = 4_096;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String EXPECTED = "The body is a JSON object with exactly one of user, agent or source";

    static BulkRevocation parse(String body) throws InvalidAdminRequest {
        if (body == null || body.isBlank()) {
            throw new InvalidAdminRequest(EXPECTED);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new InvalidAdminRequest("The body is longer than " + MAX_BODY_CHARS + " characters");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidAdminRequest("The body is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (json == null || !json.isObject() || json.size() != 1) {
            throw new InvalidAdminRequest(EXPECTED);
        }
        Iterator<Map.Entry<String, JsonNode>> members = json.properties().iterator();
        Map.Entry<String, JsonNode> member = members.next();
        Criterion criterion = null;
        for (Criterion candidate : Criterion.values()) {
            if (candidate.member().equals(member.getKey())) {
                criterion = candidate;
            }
        }
        if (criterion == null) {
            throw new InvalidAdminRequest("Unknown member '" + member.getKey() + "': " + EXPECTED);
        }
        if (!member.getValue().isTextual() || member.getValue().asText().isEmpty()) {
            throw new InvalidAdminRequest(criterion.member() + " must be a non-empty string");
        }
        String value = member.getValue().asText();
        if (value.length() > GrantListQuery.MAX_NAME_LENGTH) {
            throw new InvalidAdminRequest(
                    criterion.member() + " is longer than " + GrantListQuery.MAX_NAME_LENGTH + " characters");
        }
        if (criterion == Criterion.SOURCE
                && !WireContract.SOURCE_ALIAS.matcher(value).matches()) {
            throw new InvalidAdminRequest(
                    "source is not an attestation source alias (" + WireContract.SOURCE_ALIAS.pattern() + ")");
        }
        return new BulkRevocation(criterion, value);
    }
}
