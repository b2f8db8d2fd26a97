package dev.agentgrant.keycloak.exchange.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.exchange.ExchangeRefusal;
import dev.agentgrant.keycloak.support.OAuthError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainRequestTest {

    private static Map<String, List<String>> form(Map<String, List<String>> changes) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"));
        form.put("subject_token", List.of("parent.token.jws"));
        form.put("subject_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"));
        form.put("actor_token", List.of("presentation.jws"));
        form.put("actor_token_type", List.of("urn:agentgrant:token-type:attestation"));
        form.putAll(changes);
        form.values().removeIf(List::isEmpty);
        return form;
    }

    private static void refused(Map<String, List<String>> changes, OAuthError error, String reason) {
        assertThatThrownBy(() -> ChainRequest.parse(form(changes)))
                .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                    assertThat(refusal.error()).isEqualTo(error);
                    assertThat(refusal.reason()).isEqualTo(reason);
                });
    }

    @Test
    void readsTheParentsTokenTheSubAgentsPresentationAndWhatItNarrows() throws ExchangeRefusal {
        ChainRequest request = ChainRequest.parse(form(Map.of(
                "scope", List.of("calendar.read"),
                "audience", List.of("calendar-api"),
                "requested_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"))));
        assertThat(request.subjectToken()).isEqualTo("parent.token.jws");
        assertThat(request.presentation()).isEqualTo("presentation.jws");
        assertThat(request.scopes()).contains(Set.of("calendar.read"));
        assertThat(request.audience()).contains("calendar-api");
        assertThat(request.resource()).isEqualTo(Optional.empty());
    }

    @Test
    void isReadAsStrictlyAsTheTaskGrantExchange() {
        refused(Map.of("subject_token", List.of("a", "b")), OAuthError.INVALID_REQUEST, "repeated_parameter");
        refused(Map.of("may_act", List.of("x")), OAuthError.INVALID_REQUEST, "unknown_parameter");
        refused(Map.of("actor_token", List.of()), OAuthError.INVALID_REQUEST, "missing_parameter");
        refused(
                Map.of("subject_token_type", List.of("urn:ietf:params:oauth:token-type:jwt")),
                OAuthError.INVALID_REQUEST,
                "unsupported_subject_token_type");
        refused(
                Map.of("actor_token_type", List.of("urn:ietf:params:oauth:token-type:access_token")),
                OAuthError.INVALID_REQUEST,
                "unsupported_actor_token_type");
        refused(
                Map.of("requested_token_type", List.of("urn:ietf:params:oauth:token-type:refresh_token")),
                OAuthError.INVALID_REQUEST,
                "unsupported_requested_token_type");
        refused(Map.of("scope", List.of("a  b")), OAuthError.INVALID_SCOPE, "malformed_scope");
        refused(
                Map.of("subject_token", List.of("x".repeat(20_001))),
                OAuthError.INVALID_REQUEST,
                "oversized_parameter");
    }
}
