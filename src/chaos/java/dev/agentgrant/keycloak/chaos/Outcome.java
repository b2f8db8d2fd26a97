package dev.agentgrant.keycloak.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One exchange as the driver saw it: which node and grant it went to, when it was sent and answered (epoch
 * milliseconds), what came back, and for a token its {@code jti} (read from the JWT's payload, RFC 7519 §4.1.7).
 */
record Outcome(
        String node,
        String grantId,
        long sentAt,
        long answeredAt,
        int status,
        AnswerKind kind,
        String label,
        String body,
        Optional<String> jti) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Outcome answered(String node, String grantId, long sentAt, int status, String body) {
        AnswerKind kind = AnswerKind.of(status, body);
        Optional<String> jti = kind == AnswerKind.TOKEN ? jtiOf(body) : Optional.empty();
        return new Outcome(
                node,
                grantId,
                sentAt,
                System.currentTimeMillis(),
                status,
                kind,
                AnswerKind.label(status, body),
                kind == AnswerKind.TOKEN ? "" : body,
                jti);
    }

    static Outcome unanswered(String node, String grantId, long sentAt, Exception failure) {
        return new Outcome(
                node,
                grantId,
                sentAt,
                System.currentTimeMillis(),
                0,
                AnswerKind.NO_ANSWER,
                "no answer (" + failure.getClass().getSimpleName() + ")",
                String.valueOf(failure.getMessage()),
                Optional.empty());
    }

    boolean token() {
        return kind == AnswerKind.TOKEN;
    }

    /** Whether the grant said it has no uses left (the driver then moves on to the next grant). */
    boolean exhausted() {
        return kind == AnswerKind.OAUTH_ERROR && body.contains("no uses left");
    }

    private static Optional<String> jtiOf(String body) {
        try {
            String token = JSON.readTree(body).path("access_token").asText();
            String[] parts = token.split("\\.");
            JsonNode claims =
                    JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return Optional.of(claims.path("jti").asText()).filter(s -> !s.isEmpty());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
