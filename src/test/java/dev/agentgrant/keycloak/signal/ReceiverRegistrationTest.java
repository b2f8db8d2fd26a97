package dev.agentgrant.keycloak.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiverRegistrationTest {

    private static ReceiverRegistration read(String endpoint, String authorization) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("other", "x");
        if (endpoint != null) {
            attributes.put(ReceiverRegistration.PUSH_ENDPOINT, endpoint);
        }
        if (authorization != null) {
            attributes.put(ReceiverRegistration.AUTHORIZATION_HEADER, authorization);
        }
        return ReceiverRegistration.read(attributes);
    }

    @Test
    void aClientWithoutAnEndpointReceivesNothing() {
        assertThat(read(null, null)).isInstanceOf(ReceiverRegistration.None.class);
        assertThat(read("", "Bearer x")).isInstanceOf(ReceiverRegistration.None.class);
        assertThat(read("   ", null)).isInstanceOf(ReceiverRegistration.None.class);
        assertThat(ReceiverRegistration.requested(Map.of())).isFalse();
    }

    @Test
    void anHttpsEndpointWithAnAuthorizationHeaderIsValid() {
        assertThat(read(" https://api.example.com/ssf/events ", "Bearer s3cr3t"))
                .isEqualTo(new ReceiverRegistration.Valid(
                        URI.create("https://api.example.com/ssf/events"), Optional.of("Bearer s3cr3t")));
        assertThat(read("https://api.example.com:8443/events?tenant=a", null))
                .isEqualTo(new ReceiverRegistration.Valid(
                        URI.create("https://api.example.com:8443/events?tenant=a"), Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8081/events",
                "http://LOCALHOST/events",
                "http://127.0.0.1:9/e",
                "http://127.10.20.30/e",
                "http://[::1]:8080/e"
            })
    void plainHttpIsAllowedToLoopbackOnly(String endpoint) {
        assertThat(read(endpoint, null)).isInstanceOf(ReceiverRegistration.Valid.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://api.example.com/events",
                "http://127.0.0.1.example.com/events",
                "http://128.0.0.1/events",
                "http://10.0.0.1/events",
                "http://localhost.example.com/e",
                "http://[::2]/e"
            })
    void plainHttpElsewhereIsRefused(String endpoint) {
        assertThat(read(endpoint, null))
                .isInstanceOfSatisfying(
                        ReceiverRegistration.Invalid.class,
                        invalid -> assertThat(invalid.summary()).contains("must use https"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.example.com/e", "file:///etc/passwd", "jar:https://x/y!/z", "gopher://x/"})
    void otherSchemesAreRefused(String endpoint) {
        assertThat(read(endpoint, null)).isInstanceOf(ReceiverRegistration.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/relative/path", "api.example.com/events", "https:///no-host", "not a url", "https://"})
    void relativeOrHostlessEndpointsAreRefused(String endpoint) {
        assertThat(read(endpoint, null)).isInstanceOf(ReceiverRegistration.Invalid.class);
    }

    @Test
    void credentialsInTheUrlAndFragmentsAreRefused() {
        assertThat(read("https://user:pw@api.example.com/e", null))
                .isInstanceOfSatisfying(
                        ReceiverRegistration.Invalid.class,
                        invalid -> assertThat(invalid.summary()).contains("must not carry credentials"));
        assertThat(read("https://api.example.com/e#frag", null))
                .isInstanceOfSatisfying(
                        ReceiverRegistration.Invalid.class,
                        invalid -> assertThat(invalid.summary()).contains("fragment"));
    }

    @Test
    void anOverlongEndpointIsRefused() {
        assertThat(read("https://api.example.com/" + "a".repeat(2100), null))
                .isInstanceOf(ReceiverRegistration.Invalid.class);
    }

    @Test
    void anAuthorizationHeaderThatCouldEndTheHeaderIsRefused() {
        for (String value : new String[] {"Bearer a\r\nX-Evil: 1", "Bearer a\nb", "Bearer \u00e9", "Bearer \u0000"}) {
            assertThat(read("https://api.example.com/e", value))
                    .as(value)
                    .isInstanceOfSatisfying(
                            ReceiverRegistration.Invalid.class,
                            invalid -> assertThat(invalid.summary()).contains("visible ASCII"));
        }
        assertThat(read("https://api.example.com/e", "Bearer " + "a".repeat(4100)))
                .isInstanceOf(ReceiverRegistration.Invalid.class);
    }

    @Test
    void everyProblemIsListedAtOnce() {
        assertThat(read("http://user@api.example.com/e#x", "Bearer \u0001x"))
                .isInstanceOfSatisfying(
                        ReceiverRegistration.Invalid.class,
                        invalid -> assertThat(invalid.problems()).hasSize(4));
    }
}
