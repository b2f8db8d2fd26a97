package dev.agentgrant.keycloak.introspection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The RFC 7662 §2.2 answer for an active task token: the token's own claims (nothing a protocol mapper of the agent
 * client could add — the token was built without them, and so is this answer), {@code active}, {@code client_id}
 * (the agent), {@code username} (the person), {@code token_type} ({@code DPoP} or {@code Bearer}, as Keycloak
 * reports it) and {@code cnf.jkt} for a DPoP-bound token (RFC 9449 §6.2). What a {@link IntrospectionView#LIMITED}
 * caller may not see is left out.
 */
public final class TaskTokenIntrospection {

    private TaskTokenIntrospection() {}

    public static Map<String, Object> active(
            Map<String, Object> claims, IntrospectionView view, Optional<String> username) {
        if (view == IntrospectionView.NONE) {
            throw new IllegalArgumentException("A caller without a view gets the inactive answer");
        }
        Map<String, Object> answer = new LinkedHashMap<>(claims);
        if (view != IntrospectionView.FULL) {
            IntrospectionView.DELEGATION_CLAIMS.forEach(answer::remove);
        }
        Object azp = claims.get("azp");
        if (azp != null) {
            answer.put("client_id", azp);
        }
        username.ifPresent(name -> answer.put("username", name));
        Object typ = claims.get("typ");
        if (typ != null) {
            answer.put("token_type", typ);
        }
        answer.put("active", true);
        return answer;
    }

    public static Map<String, Object> inactive() {
        return Map.of("active", false);
    }
}
