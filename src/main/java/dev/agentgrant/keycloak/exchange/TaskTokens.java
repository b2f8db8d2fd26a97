package dev.agentgrant.keycloak.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;

/**
 * Recognises a token this extension minted by its {@code grant_id} claim, without trusting it: the answer only ever
 * leads to a refusal, so a forged claim gains nothing. Used to keep task tokens out of every other token exchange
 * (SECURITY-CHECKLIST 15b): exchanged through Keycloak's standard exchange, a task token would come back without
 * {@code act} or {@code grant_id}, laundering an agent's delegated access into a plain token of the person.
 */
public final class TaskTokens {

    /** Keycloak's own cap on token parameters; anything longer is no token of ours. */
    private static final int MAX_LENGTH = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxDocumentLength(MAX_LENGTH).build())
            .build());

    private TaskTokens() {
    }

    /** Whether {@code token} is a compact JWS whose payload is a JSON object holding {@code grant_id}. Never throws. */
    public static boolean carriesGrantId(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return payload != null && payload.isObject() && payload.has("grant_id");
        } catch (Exception e) {
            return false;
        }
    }
}
