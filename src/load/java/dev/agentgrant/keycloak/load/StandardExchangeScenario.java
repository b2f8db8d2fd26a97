package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keycloak's standard token exchange (V2, internal to internal, RFC 8693): a confidential client holding a person's
 * access token issued with it in the audience exchanges it for a token for another client of the realm. The
 * person's token is renewed before every slice (outside the measured time), so it never expires mid-run.
 */
final class StandardExchangeScenario implements Scenario {

    private final URI tokenEndpoint;
    private final String authorization;
    private final String audience;
    private final Supplier<String> subjectTokens;
    private volatile String body;

    /**
     * @param subjectTokens a fresh access token of the person, with the requesting client in its audience
     */
    StandardExchangeScenario(
            URI tokenEndpoint, String clientId, String secret, String audience, Supplier<String> subjectTokens) {
        this.tokenEndpoint = tokenEndpoint;
        this.authorization = Http.basic(clientId, secret);
        this.audience = audience;
        this.subjectTokens = subjectTokens;
    }

    @Override
    public String name() {
        return "standard token exchange";
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {
        body = FormRequests.body(Map.of(
                "grant_type",
                "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token",
                subjectTokens.get(),
                "subject_token_type",
                "urn:ietf:params:oauth:token-type:access_token",
                "audience",
                audience));
    }

    @Override
    public HttpRequest next() {
        return FormRequests.post(tokenEndpoint, authorization, body);
    }
}
