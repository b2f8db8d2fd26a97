package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.load.FormRequests;
import dev.agentgrant.keycloak.load.Scenario;
import dev.agentgrant.keycloak.testing.AdminApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * An agent asks for a grant (docs/wire-contract.md, "Grant request"): a fresh attestation presentation per request,
 * minted before each slice. The agent may keep {@value #MAX_PENDING} requests waiting; before each slice an admin
 * denies those of the previous one (outside the measured time), so the limit is never what is measured.
 */
final class GrantRequestScenario implements Scenario {

    static final int MAX_PENDING = 1_000;

    private final AgentGrantFixture agent;
    private final AdminApi admin;
    private final URI endpoint;
    private final Queue<String> forms = new ConcurrentLinkedQueue<>();

    GrantRequestScenario(AgentGrantFixture agent, AdminApi admin, URI base) {
        this.agent = agent;
        this.admin = admin;
        this.endpoint = base.resolve(agent.endpoint("requests"));
    }

    @Override
    public String name() {
        return "grant request";
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {
        admin.post("/realms/" + agent.realm + "/agent-grant/grants/revoke", Map.of("agent", agent.agent))
                .expect(200);
        forms.clear();
        int count = (int) Math.min(MAX_PENDING - 50, Math.ceil(expectedRate * slice.toSeconds() * 1.5) + 32);
        IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> FormRequests.body(agent.form(Map.of())))
                .forEach(forms::add);
    }

    @Override
    public HttpRequest next() {
        String form = forms.poll();
        return FormRequests.post(
                endpoint, agent.basicAuth(), form != null ? form : FormRequests.body(agent.form(Map.of())));
    }

    @Override
    public boolean succeeded(HttpResponse<String> response) {
        return response.statusCode() == 201 && response.body().contains("\"grant_id\"");
    }
}
