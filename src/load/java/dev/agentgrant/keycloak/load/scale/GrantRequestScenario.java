package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.load.FormRequests;
import dev.agentgrant.keycloak.load.Scenario;
import dev.agentgrant.keycloak.testing.AdminApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Agents ask for grants (docs/wire-contract.md, "Request a grant"): a fresh attestation presentation per request,
 * minted before each slice, the agents taking turns request by request. Each agent may keep {@value #MAX_PENDING}
 * requests waiting (the most an agent may be allowed); before each slice an admin denies the waiting requests of the
 * previous one (outside the measured time), and there are enough agents ({@value #AGENTS}) that a slice never
 * reaches the limit, so the limit is never what is measured.
 */
final class GrantRequestScenario implements Scenario {

    static final int MAX_PENDING = 1_000;
    /** Requests a slice of 15 s may send at this many agents × {@value #MAX_PENDING}: far above the rates measured. */
    static final int AGENTS = 8;

    private record Prepared(AgentGrantFixture agent, String form) {}

    private final List<AgentGrantFixture> agents;
    private final AdminApi admin;
    private final URI base;
    private final Queue<Prepared> forms = new ConcurrentLinkedQueue<>();
    private final AtomicLong turn = new AtomicLong();

    GrantRequestScenario(List<AgentGrantFixture> agents, AdminApi admin, URI base) {
        this.agents = List.copyOf(agents);
        this.admin = admin;
        this.base = base;
    }

    @Override
    public String name() {
        return "grant request";
    }

    @Override
    public void prepare(Duration slice, double expectedRate) {
        for (AgentGrantFixture agent : agents) {
            admin.post("/realms/" + agent.realm + "/agent-grant/grants/revoke", Map.of("agent", agent.agent))
                    .expect(200);
        }
        forms.clear();
        int count = (int) Math.min(
                (long) agents.size() * (MAX_PENDING - 50), Math.ceil(expectedRate * slice.toSeconds() * 1.5) + 32);
        IntStream.range(0, count).parallel().mapToObj(i -> fresh()).forEach(forms::add);
    }

    @Override
    public HttpRequest next() {
        Prepared prepared = forms.poll();
        if (prepared == null) {
            prepared = fresh();
        }
        AgentGrantFixture agent = prepared.agent();
        return FormRequests.post(base.resolve(agent.endpoint("requests")), agent.basicAuth(), prepared.form());
    }

    /** A request form with a fresh presentation, for the next agent in turn. */
    private Prepared fresh() {
        AgentGrantFixture agent = agents.get((int) (turn.getAndIncrement() % agents.size()));
        return new Prepared(agent, FormRequests.body(agent.form(Map.of())));
    }

    @Override
    public boolean succeeded(HttpResponse<String> response) {
        return response.statusCode() == 201 && response.body().contains("\"grant_id\"");
    }
}
