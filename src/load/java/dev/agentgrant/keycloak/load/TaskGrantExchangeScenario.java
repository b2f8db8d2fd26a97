package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The extension's exchange (docs/wire-contract.md, "Exchange"): an agent redeems an approved task grant with a fresh
 * presentation whose evidence the server has verified before (a verification-cache hit), a DPoP proof of the pinned
 * instance key, and the grant's use and audit record written in the request's transaction. One scenario per type of
 * instance key ({@link AgentKey}), each with grants pinned to its key. With several grants, each virtual user keeps to
 * one of them (users are spread over the grants in turn).
 */
final class TaskGrantExchangeScenario implements Scenario {

    private final URI tokenEndpoint;
    private final String authorization;
    private final AgentCredentials credentials;
    private final int concurrency;
    /** Per grant: the form without its presentation, which is appended last. */
    private final List<String> formsWithoutPresentation;

    private final AtomicInteger usersAssigned = new AtomicInteger();
    private final ThreadLocal<String> grantOfUser;

    /** @param grantIds grants pinned to the key of {@code credentials} */
    TaskGrantExchangeScenario(
            URI tokenEndpoint,
            AgentGrantFixture agent,
            AgentCredentials credentials,
            List<String> grantIds,
            int concurrency) {
        this.tokenEndpoint = tokenEndpoint;
        this.authorization = agent.basicAuth();
        this.credentials = credentials;
        this.concurrency = concurrency;
        this.formsWithoutPresentation = grantIds.stream()
                .map(TaskGrantExchangeScenario::formWithoutPresentation)
                .toList();
        this.grantOfUser = ThreadLocal.withInitial(
                () -> formsWithoutPresentation.get(usersAssigned.getAndIncrement() % formsWithoutPresentation.size()));
    }

    private static String formWithoutPresentation(String grantId) {
        Map<String, String> form = ExchangeCalls.exchangeForm(grantId, "");
        form.remove("actor_token");
        return FormRequests.body(form) + "&actor_token=";
    }

    @Override
    public String name() {
        return "task-grant exchange (" + credentials.key().label() + ")";
    }

    AgentCredentials credentials() {
        return credentials;
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {
        credentials.refill(slice, expectedRate, concurrency);
    }

    @Override
    public HttpRequest next() {
        AgentCredentials.Credential credential = credentials.take();
        return FormRequests.post(
                tokenEndpoint,
                authorization,
                grantOfUser.get() + credential.encodedPresentation(),
                "DPoP",
                credential.dpopProof());
    }

    @Override
    public boolean succeeded(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.body().contains("\"token_type\":\"DPoP\"");
    }

    @Override
    public String notes() {
        long inLine = credentials.mintedInLine();
        return inLine == 0 ? "" : inLine + " presentations and proofs minted in line (a batch ran out)";
    }
}
