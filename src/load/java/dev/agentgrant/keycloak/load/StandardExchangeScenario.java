package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keycloak's standard token exchange (V2, internal to internal, RFC 8693): a confidential client holding a person's
 * access token issued with it in the audience exchanges it for a token for another client of the realm. The
 * person's token is renewed before every slice (outside the measured time), so it never expires mid-run.
 *
 * <p>With a DPoP key, the client sends a fresh DPoP proof with every request (RFC 9449 §5): Keycloak checks it and
 * binds the token it issues to the key ({@code token_type} DPoP), which is what a request counts as a token by. The
 * proofs are minted ahead of each slice, like the agent's ({@link PreMinted}).
 */
final class StandardExchangeScenario implements Scenario {

    private final URI tokenEndpoint;
    private final String authorization;
    private final String audience;
    private final Supplier<String> subjectTokens;
    private final Optional<AgentKey> dpopKey;
    private final PreMinted<String> proofs;
    private final int concurrency;
    private volatile String body;

    /**
     * @param subjectTokens a fresh access token of the person, with the requesting client in its audience
     * @param dpopKey       the client's DPoP key; empty for a plain (Bearer) exchange
     */
    StandardExchangeScenario(
            URI tokenEndpoint,
            String clientId,
            String secret,
            String audience,
            Supplier<String> subjectTokens,
            Optional<AgentKey> dpopKey,
            int concurrency) {
        this.tokenEndpoint = tokenEndpoint;
        this.authorization = Http.basic(clientId, secret);
        this.audience = audience;
        this.subjectTokens = subjectTokens;
        this.dpopKey = dpopKey;
        this.proofs = new PreMinted<>(() -> dpopKey.orElseThrow().dpopProof(tokenEndpoint.toString()));
        this.concurrency = concurrency;
    }

    @Override
    public String name() {
        return dpopKey.map(key -> "standard exchange, DPoP (" + key.label() + ")")
                .orElse("standard token exchange");
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
        if (dpopKey.isPresent()) {
            proofs.refill(slice, expectedRate, concurrency);
        }
    }

    @Override
    public HttpRequest next() {
        return dpopKey.isPresent()
                ? FormRequests.post(tokenEndpoint, authorization, body, "DPoP", proofs.take())
                : FormRequests.post(tokenEndpoint, authorization, body);
    }

    @Override
    public boolean succeeded(HttpResponse<String> response) {
        return response.statusCode() == 200
                && (dpopKey.isPresent()
                        ? response.body().contains("\"token_type\":\"DPoP\"")
                        : response.body().contains("\"access_token\""));
    }

    @Override
    public String notes() {
        long inLine = proofs.mintedInLine();
        return inLine == 0 ? "" : inLine + " DPoP proofs minted in line (a batch ran out)";
    }
}
