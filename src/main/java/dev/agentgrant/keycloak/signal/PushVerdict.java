package dev.agentgrant.keycloak.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * What a receiver's answer to a pushed SET means (RFC 8935 §2.2–2.4):
 *
 * <ul>
 *   <li>{@code 202 Accepted} — delivered. Any other 2xx is taken as delivered too: the receiver took the SET, and
 *       sending it again would not change its answer;
 *   <li>{@code 400 Bad Request} — the receiver refused this SET (RFC 8935 §2.3, with {@code err} and {@code
 *       description}, e.g. {@code invalid_key}): permanent, the SET is dead-lettered at once;
 *   <li>anything else — a redirect (never followed), 401, 403, 404, 5xx — and no answer at all (timeout, refused
 *       connection, TLS failure) — a failure that may pass: tried again later ({@link RetrySchedule}).
 * </ul>
 */
public sealed interface PushVerdict {

    /** Longest text kept of a receiver's error, so a hostile or broken receiver cannot fill the outbox row. */
    int MAX_DETAIL = 300;

    record Delivered(int status) implements PushVerdict {}

    record Refused(int status, String detail) implements PushVerdict {}

    /** @param status the HTTP status, or empty when there was no answer */
    record Failed(Optional<Integer> status, String detail) implements PushVerdict {}

    static PushVerdict ofAnswer(int status, byte[] body) {
        if (status >= 200 && status < 300) {
            return new Delivered(status);
        }
        if (status == 400) {
            return new Refused(status, "the receiver refused the SET (HTTP 400" + errorOf(body) + ")");
        }
        String why = status >= 300 && status < 400
                ? "HTTP " + status + " (redirects are not followed; register the final URL)"
                : "HTTP " + status;
        return new Failed(Optional.of(status), why);
    }

    static PushVerdict ofNoAnswer(String reason) {
        return new Failed(Optional.empty(), shown(reason));
    }

    /** {@code : err — description} from an RFC 8935 §2.3 error body, or nothing when the body is not one. */
    static String errorOf(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode json = new ObjectMapper().readTree(body);
            if (json == null || !json.isObject() || !json.path("err").isTextual()) {
                return "";
            }
            String description = json.path("description").isTextual()
                    ? " — " + json.path("description").asText()
                    : "";
            return ": " + shown(json.path("err").asText() + description);
        } catch (IOException e) {
            return "";
        }
    }

    /** Receiver-controlled text as it may be stored and shown: printable, one line, at most {@link #MAX_DETAIL}. */
    static String shown(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String line = shown.toString().strip();
        if (line.length() <= MAX_DETAIL) {
            return line;
        }
        int end = MAX_DETAIL - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }
}
