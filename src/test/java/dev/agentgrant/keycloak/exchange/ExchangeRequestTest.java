package dev.agentgrant.keycloak.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentgrant.keycloak.support.OAuthError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExchangeRequestTest {

    private static final String GRANT = "q3ZbqGmT0f2f5p7cSx7l6c0u2kxR0h1Jv9WkU6m0Jq4";

    private static Map<String, List<String>> form(Map<String, List<String>> changes) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"));
        form.put("subject_token", List.of(GRANT));
        form.put("subject_token_type", List.of("urn:agentgrant:token-type:task-grant"));
        form.put("actor_token", List.of("a.b.c"));
        form.put("actor_token_type", List.of("urn:agentgrant:token-type:attestation"));
        form.put("client_id", List.of("calendar-agent"));
        changes.forEach((name, values) -> {
            if (values == null) {
                form.remove(name);
            } else {
                form.put(name, values);
            }
        });
        return form;
    }

    private static Map<String, List<String>> with(String name, String... values) {
        Map<String, List<String>> change = new LinkedHashMap<>();
        change.put(name, values.length == 0 ? null : List.of(values));
        return change;
    }

    @Test
    void readsAMinimalRequest() throws ExchangeRefusal {
        ExchangeRequest request = ExchangeRequest.parse(form(Map.of()));

        assertThat(request.grantId()).isEqualTo(GRANT);
        assertThat(request.presentation()).isEqualTo("a.b.c");
        assertThat(request.scopes()).isEmpty();
        assertThat(request.audience()).isEmpty();
        assertThat(request.resource()).isEmpty();
    }

    @Test
    void readsTheOptionalParameters() throws ExchangeRefusal {
        Map<String, List<String>> changes = new LinkedHashMap<>();
        changes.put("scope", List.of("calendar.read calendar.write"));
        changes.put("audience", List.of("calendar-api"));
        changes.put("resource", List.of("https://calendar.example.com"));
        changes.put("requested_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"));

        ExchangeRequest request = ExchangeRequest.parse(form(changes));

        assertThat(request.scopes()).contains(Set.of("calendar.read", "calendar.write"));
        assertThat(request.audience()).contains("calendar-api");
        assertThat(request.resource()).contains("https://calendar.example.com");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "unknown parameter",
                        with("requested_subject", "someone"),
                        OAuthError.INVALID_REQUEST,
                        "unknown_parameter"),
                Arguments.of(
                        "repeated audience",
                        with("audience", "a", "b"),
                        OAuthError.INVALID_REQUEST,
                        "repeated_parameter"),
                Arguments.of(
                        "repeated subject_token",
                        with("subject_token", GRANT, GRANT),
                        OAuthError.INVALID_REQUEST,
                        "repeated_parameter"),
                Arguments.of("empty scope", with("scope", ""), OAuthError.INVALID_REQUEST, "empty_parameter"),
                Arguments.of(
                        "oversized scope",
                        with("scope", "s".repeat(4_001)),
                        OAuthError.INVALID_REQUEST,
                        "oversized_parameter"),
                Arguments.of(
                        "oversized actor_token",
                        with("actor_token", "a".repeat(20_001)),
                        OAuthError.INVALID_REQUEST,
                        "oversized_parameter"),
                Arguments.of(
                        "missing subject_token",
                        with("subject_token"),
                        OAuthError.INVALID_REQUEST,
                        "missing_parameter"),
                Arguments.of(
                        "missing subject_token_type",
                        with("subject_token_type"),
                        OAuthError.INVALID_REQUEST,
                        "missing_parameter"),
                Arguments.of(
                        "access token as subject",
                        with("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                        OAuthError.INVALID_REQUEST,
                        "unsupported_subject_token_type"),
                Arguments.of(
                        "missing actor_token", with("actor_token"), OAuthError.INVALID_REQUEST, "missing_parameter"),
                Arguments.of(
                        "missing actor_token_type",
                        with("actor_token_type"),
                        OAuthError.INVALID_REQUEST,
                        "missing_parameter"),
                Arguments.of(
                        "grant id as actor",
                        with("actor_token_type", "urn:agentgrant:token-type:task-grant"),
                        OAuthError.INVALID_REQUEST,
                        "unsupported_actor_token_type"),
                Arguments.of(
                        "refresh token requested",
                        with("requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"),
                        OAuthError.INVALID_REQUEST,
                        "unsupported_requested_token_type"),
                Arguments.of(
                        "id token requested",
                        with("requested_token_type", "urn:ietf:params:oauth:token-type:id_token"),
                        OAuthError.INVALID_REQUEST,
                        "unsupported_requested_token_type"),
                Arguments.of(
                        "double space in scope",
                        with("scope", "calendar.read  calendar.write"),
                        OAuthError.INVALID_SCOPE,
                        "malformed_scope"),
                Arguments.of(
                        "scope named twice",
                        with("scope", "calendar.read calendar.read"),
                        OAuthError.INVALID_SCOPE,
                        "malformed_scope"),
                Arguments.of(
                        "quote in scope", with("scope", "calendar\"read"), OAuthError.INVALID_SCOPE, "malformed_scope"),
                // What Keycloak's form decoder leaves for %FF%FE, %C0%AF or %ED%A0%80.
                Arguments.of(
                        "invalid UTF-8 in scope",
                        with("scope", "calendar.read\uFFFD"),
                        OAuthError.INVALID_REQUEST,
                        "invalid_utf8"),
                Arguments.of(
                        "invalid UTF-8 in audience",
                        with("audience", "\uFFFD\uFFFD"),
                        OAuthError.INVALID_REQUEST,
                        "invalid_utf8"),
                Arguments.of(
                        "invalid UTF-8 in subject_token",
                        with("subject_token", GRANT + "\uFFFD"),
                        OAuthError.INVALID_REQUEST,
                        "invalid_utf8"),
                Arguments.of(
                        "invalid UTF-8 in client_id",
                        with("client_id", "agent\uFFFD"),
                        OAuthError.INVALID_REQUEST,
                        "invalid_utf8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, Map<String, List<String>> changes, OAuthError error, String reason) {
        assertThatThrownBy(() -> ExchangeRequest.parse(form(changes)))
                .isInstanceOfSatisfying(ExchangeRefusal.class, refusal -> {
                    assertThat(refusal.error()).isEqualTo(error);
                    assertThat(refusal.reason()).isEqualTo(reason);
                    assertThat(refusal.description()).isNotBlank();
                });
    }

    @Test
    void clientAuthenticationParametersAreAccepted() throws ExchangeRefusal {
        Map<String, List<String>> changes = new LinkedHashMap<>();
        changes.put("client_assertion", List.of("x".repeat(5_000)));
        changes.put("client_assertion_type", List.of("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
        assertThat(ExchangeRequest.parse(form(changes)).scopes()).isEqualTo(Optional.empty());
    }

    /** subject_token_type values ('-' none) | actor_token_type values ('-' none) | ours to answer. */
    @ParameterizedTest(name = "subject [{0}], actor [{1}] → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "urn:agentgrant:token-type:task-grant          | urn:agentgrant:token-type:attestation | true",
                "urn:agentgrant:token-type:task-grant          | -                                     | true",
                "urn:ietf:params:oauth:token-type:access_token | urn:agentgrant:token-type:attestation | true",
                "urn:ietf:params:oauth:token-type:access_token | -                                     | false",
                "urn:ietf:params:oauth:token-type:access_token | urn:ietf:params:oauth:token-type:jwt  | false",
                "-                                             | -                                     | false",
                "URN:AGENTGRANT:TOKEN-TYPE:TASK-GRANT          | -                                     | false",
                "urn:ietf:params:oauth:token-type:access_token,urn:agentgrant:token-type:task-grant | - | true"
            })
    void claimsOnlyRequestsNamingOurTokenTypes(String subjectTypes, String actorTypes, boolean ours) {
        Map<String, List<String>> request = new LinkedHashMap<>();
        if (!subjectTypes.equals("-")) {
            request.put("subject_token_type", List.of(subjectTypes.split(",")));
        }
        if (!actorTypes.equals("-")) {
            request.put("actor_token_type", List.of(actorTypes.split(",")));
        }
        assertThat(ExchangeRequest.namesOurTokenTypes(request)).isEqualTo(ours);
    }

    /** subject_token_type values ('-' none) | actor_token_type values ('-' none) | a sub-agent's exchange. */
    @ParameterizedTest(name = "subject [{0}], actor [{1}] → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "urn:ietf:params:oauth:token-type:access_token | urn:agentgrant:token-type:attestation | true",
                "urn:agentgrant:token-type:task-grant          | urn:agentgrant:token-type:attestation | false",
                "urn:ietf:params:oauth:token-type:access_token | -                                     | false",
                "urn:ietf:params:oauth:token-type:access_token | urn:ietf:params:oauth:token-type:jwt  | false",
                "-                                             | urn:agentgrant:token-type:attestation | false",
                "urn:ietf:params:oauth:token-type:access_token,urn:agentgrant:token-type:task-grant"
                        + " | urn:agentgrant:token-type:attestation | false"
            })
    void sendsOnlyAccessTokenSubjectsWithAnAttestationActorToTheSubAgentExchange(
            String subjectTypes, String actorTypes, boolean chain) {
        Map<String, List<String>> request = new LinkedHashMap<>();
        if (!subjectTypes.equals("-")) {
            request.put("subject_token_type", List.of(subjectTypes.split(",")));
        }
        if (!actorTypes.equals("-")) {
            request.put("actor_token_type", List.of(actorTypes.split(",")));
        }
        assertThat(ExchangeRequest.namesChainTokenTypes(request)).isEqualTo(chain);
        if (chain) {
            assertThat(ExchangeRequest.namesOurTokenTypes(request))
                    .as("the task-grant exchange would refuse it rather than leave it to Keycloak")
                    .isTrue();
        }
    }
}
