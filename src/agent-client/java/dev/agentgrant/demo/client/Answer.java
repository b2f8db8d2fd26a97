package dev.agentgrant.demo.client;

import java.util.List;
import java.util.Map;

/** One HTTP answer: its status, body, Location header and WWW-Authenticate header (each null when absent). */
public record Answer(int status, String body, String location, String challenge) {

    private static final int MAX_MESSAGE = 2_000;

    /** An answer without a challenge. */
    public Answer(int status, String body, String location) {
        this(status, body, location, null);
    }

    /** The body as JSON; null when it is empty or not JSON. */
    public Object json() {
        try {
            return body.isBlank() ? null : Json.parse(body);
        } catch (ToolFailure notJson) {
            return null;
        }
    }

    /** The JSON object of the body, if it is one; otherwise null. */
    public Map<?, ?> object() {
        return json() instanceof Map<?, ?> object ? object : null;
    }

    /** RFC 6749 §5.2: the answer's {@code error} member, or null. */
    public Object error() {
        Map<?, ?> object = object();
        return object == null ? null : object.get("error");
    }

    /** RFC 6749 §5.2 error and description, or what the body is. */
    public String describe() {
        Object json = json();
        if (json instanceof Map<?, ?> answer && answer.get("error") != null) {
            return answer.get("error")
                    + (answer.get("error_description") == null ? "" : " (" + answer.get("error_description") + ")");
        }
        if (json != null) {
            return "(an answer without error)";
        }
        String text = body.strip();
        return text.isEmpty() ? "(no body)" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** "HTTP 400: <Keycloak's message>": errorMessage (admin API) or error_description / error (OAuth). */
    public String problem() {
        String message = null;
        if (json() instanceof Map<?, ?> error) {
            for (String member : List.of("errorMessage", "error_description", "error")) {
                if (error.get(member) instanceof String text && !text.isBlank()) {
                    message = text;
                    break;
                }
            }
        }
        if (message == null) {
            message = body.isBlank() ? "(no body)" : body.strip();
        }
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return "HTTP " + status + ": " + message;
    }
}
