package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/** RFC 6749 §4.4: a confidential client with a service account asks for a token of its own. */
final class ClientCredentialsScenario implements Scenario {

    private final URI tokenEndpoint;
    private final String authorization;
    private final String body = FormRequests.body(Map.of("grant_type", "client_credentials"));

    ClientCredentialsScenario(URI tokenEndpoint, String clientId, String secret) {
        this.tokenEndpoint = tokenEndpoint;
        this.authorization = Http.basic(clientId, secret);
    }

    @Override
    public String name() {
        return "client_credentials";
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {}

    @Override
    public HttpRequest next() {
        return FormRequests.post(tokenEndpoint, authorization, body);
    }
}
