package dev.agentgrant.demo.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9110 §11.6.1 challenges, as the agent reads resource_metadata (RFC 9728 §5.1) out of them. */
class AuthChallengeTest {

    private static final String URL = "https://api.example/.well-known/oauth-protected-resource/calendar";

    @Test
    void aQuotedParameterOfTheChallengeIsFound() {
        assertThat(AuthChallenge.parameter(
                        "DPoP algs=\"ES256\", resource_metadata=\"" + URL + "\"", "resource_metadata"))
                .contains(URL);
        assertThat(AuthChallenge.parameter(
                        "Bearer error=\"invalid_token\", error_description=\"expired\", resource_metadata=\"" + URL
                                + "\"",
                        "resource_metadata"))
                .contains(URL);
    }

    @Test
    void namesAreCaseInsensitiveValuesMayBeTokensAndEscapesAreUndone() {
        assertThat(AuthChallenge.parameter("Bearer Resource_Metadata=\"" + URL + "\"", "resource_metadata"))
                .contains(URL);
        assertThat(AuthChallenge.parameter("Bearer realm=demo, scope=calendar.read", "scope"))
                .contains("calendar.read");
        assertThat(AuthChallenge.parameter("Bearer error_description=\"a \\\"quoted\\\" word\"", "error_description"))
                .contains("a \"quoted\" word");
    }

    @Test
    void parametersOfALaterChallengeInTheSameFieldAreFound() {
        assertThat(AuthChallenge.parameter(
                        "Basic realm=\"x\", DPoP algs=\"ES256 PS256\", resource_metadata=\"" + URL + "\"",
                        "resource_metadata"))
                .contains(URL);
        assertThat(AuthChallenge.parameter(
                        "Negotiate abc123==, Bearer resource_metadata=\"" + URL + "\"", "resource_metadata"))
                .contains(URL);
    }

    @Test
    void aValueInsideAnotherParametersQuotesIsNotAParameter() {
        assertThat(AuthChallenge.parameter(
                        "Bearer error_description=\"resource_metadata=\\\"https://evil.example\\\"\"",
                        "resource_metadata"))
                .isEmpty();
    }

    @Test
    void whatCannotBeReadYieldsNothing() {
        assertThat(AuthChallenge.parameter(null, "resource_metadata")).isEmpty();
        assertThat(AuthChallenge.parameter("", "resource_metadata")).isEmpty();
        assertThat(AuthChallenge.parameter("DPoP algs=\"ES256\"", "resource_metadata"))
                .isEmpty();
        assertThat(AuthChallenge.parameter("Bearer resource_metadata=\"" + URL, "resource_metadata"))
                .isEmpty();
        assertThat(AuthChallenge.parameter("\"", "resource_metadata")).isEmpty();
    }
}
