package dev.agentgrant.keycloak.grant.request;

import static dev.agentgrant.keycloak.support.OAuthError.INVALID_REQUEST;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentgrant.keycloak.grant.AgentTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code authorization_details} of a grant request (RFC 9396 §2): an array holding exactly one object of type
 * {@value #TYPE}, which must say what the plain parameters say — {@code actions} the requested scopes,
 * {@code locations} the audience's one URI, {@code purpose} (optional) the purpose — so that the two ways of asking
 * can never disagree on what a human approves. Members the type does not define are refused (RFC 9396 §5 leaves
 * their meaning to the type; this type defines none).
 *
 * <p>Parsed under bounds fixed before the first token is read (length, depth, name, string and number lengths);
 * duplicate member names are refused (RFC 8259 §4 leaves their meaning open, so two parsers could disagree on the
 * value approved), as is anything after the array.
 */
public final class AgentTaskDetails {

    private static final String TYPE = AgentTask.TYPE;
    private static final int MAX_DEPTH = 8;
    private static final Set<String> MEMBERS = Set.of("type", "actions", "locations", "purpose");

    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(GrantRequestParameters.MAX_AUTHORIZATION_DETAILS_BYTES)
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNameLength(256)
                            .maxStringLength(GrantRequestParameters.MAX_AUTHORIZATION_DETAILS_BYTES)
                            .maxNumberLength(64)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(JsonNode.class);

    private AgentTaskDetails() {}

    /**
     * Checks that the details agree with the validated plain parameters.
     *
     * @param location the one URI {@code locations} must hold for the requested audience
     */
    static void checkAgreement(String json, Set<String> scopes, String location, String purpose) throws InvalidRequest {
        if (json.getBytes(StandardCharsets.UTF_8).length > GrantRequestParameters.MAX_AUTHORIZATION_DETAILS_BYTES) {
            throw new InvalidRequest(
                    INVALID_REQUEST,
                    "parameter_too_long",
                    "Parameter authorization_details exceeds " + GrantRequestParameters.MAX_AUTHORIZATION_DETAILS_BYTES
                            + " bytes");
        }
        JsonNode details;
        try {
            details = READER.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw malformed("is not valid JSON within the limits (at most " + MAX_DEPTH
                    + " levels deep, no repeated member names)");
        }
        if (details == null
                || !details.isArray()
                || details.size() != 1
                || !details.get(0).isObject()) {
            throw malformed("must be a JSON array holding exactly one object (RFC 9396 §2)");
        }
        JsonNode task = details.get(0);
        for (Iterator<String> names = task.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw malformed("holds a member that type " + TYPE + " does not define"
                        + (name.matches("[A-Za-z0-9_]{1,40}") ? ": " + name : ""));
            }
        }
        if (!task.path("type").isTextual() || !TYPE.equals(task.get("type").textValue())) {
            throw malformed("must be of type " + TYPE);
        }
        Set<String> actions = strings(task.get("actions"));
        if (actions == null || !actions.equals(scopes) || task.get("actions").size() != scopes.size()) {
            throw disagreement("actions must list exactly the requested scopes");
        }
        JsonNode locations = task.get("locations");
        if (location == null
                || locations == null
                || !locations.isArray()
                || locations.size() != 1
                || !location.equals(locations.get(0).textValue())) {
            throw disagreement("locations must hold exactly the URI of the requested audience, " + location);
        }
        JsonNode taskPurpose = task.get("purpose");
        if (taskPurpose != null && !purpose.equals(taskPurpose.textValue())) {
            throw disagreement("purpose must equal the purpose parameter");
        }
    }

    /** The strings of a JSON array; null when the node is not an array of strings only. */
    private static Set<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        Set<String> strings = new LinkedHashSet<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return null;
            }
            strings.add(element.textValue());
        }
        return strings;
    }

    private static InvalidRequest malformed(String problem) {
        return new InvalidRequest(INVALID_REQUEST, "invalid_authorization_details", "authorization_details " + problem);
    }

    private static InvalidRequest disagreement(String problem) {
        return new InvalidRequest(
                INVALID_REQUEST,
                "authorization_details_mismatch",
                "authorization_details disagrees with the request: " + problem);
    }
}
