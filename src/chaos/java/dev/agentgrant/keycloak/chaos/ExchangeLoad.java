package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.exchange.ExchangeCalls;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Agents exchanging task grants against both nodes, as behind a load balancer without health checks: each request
 * goes to the next node in turn, dead or alive, so a dead node shows as unanswered requests and the survivor's share
 * as tokens. All virtual users spend the same grant at once (exchanges of one grant race for its uses, through both
 * nodes) and move on together to the next when it answers that no use is left. Each user sends at most
 * {@code ratePerUser} requests a second, so the run measures behaviour under steady load, not saturation. Every
 * request carries a fresh presentation (a fresh JWT-SVID) and a fresh DPoP proof for the node it goes to.
 */
final class ExchangeLoad implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final AgentGrantFixture agent;
    private final List<String> grants;
    private final List<ChaosCluster.Node> nodes;
    private final int users;
    private final double ratePerUser;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger currentGrant = new AtomicInteger();
    private final AtomicLong nextNode = new AtomicLong();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;

    ExchangeLoad(
            AgentGrantFixture agent,
            List<String> grants,
            List<ChaosCluster.Node> nodes,
            int users,
            double ratePerUser) {
        this.agent = agent;
        this.grants = List.copyOf(grants);
        this.nodes = List.copyOf(nodes);
        this.users = users;
        this.ratePerUser = ratePerUser;
    }

    synchronized void start() {
        stopping = false;
        for (int i = 0; i < users; i++) {
            Thread user = new Thread(this::user, "chaos-user-" + i);
            user.setDaemon(true);
            user.start();
            running.add(user);
        }
    }

    /** Stops the users, waiting for their requests in flight. */
    synchronized void stop() {
        stopping = true;
        for (Thread user : running) {
            try {
                user.join(TIMEOUT.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        running.clear();
    }

    /** Everything answered (or not) so far, probes included. */
    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Whether every grant has been used up (the load then idles). */
    boolean grantsRanOut() {
        return currentGrant.get() >= grants.size();
    }

    /** One exchange of {@code grantId} through {@code node} with {@code presentation}, recorded with the load's. */
    Outcome exchange(ChaosCluster.Node node, String grantId, String presentation) {
        long sentAt = System.currentTimeMillis();
        Outcome outcome;
        try {
            HttpResponse<String> response =
                    client.send(request(node, grantId, presentation), HttpResponse.BodyHandlers.ofString());
            outcome = Outcome.answered(node.name(), grantId, sentAt, response.statusCode(), response.body());
        } catch (IOException e) {
            outcome = Outcome.unanswered(node.name(), grantId, sentAt, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.unanswered(node.name(), grantId, sentAt, e);
        }
        outcomes.add(outcome);
        return outcome;
    }

    private void user() {
        long intervalNanos = (long) (1e9 / ratePerUser);
        long next = System.nanoTime();
        while (!stopping) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            next = Math.max(next + intervalNanos, System.nanoTime());
            int index = currentGrant.get();
            if (index >= grants.size()) {
                sleepNanos(1_000_000_000L);
                continue;
            }
            ChaosCluster.Node node = nodes.get((int) (nextNode.getAndIncrement() % nodes.size()));
            Outcome outcome = exchange(node, grants.get(index), agent.presentation());
            if (outcome.exhausted()) {
                currentGrant.compareAndSet(index, index + 1);
            }
        }
    }

    private HttpRequest request(ChaosCluster.Node node, String grantId, String presentation) {
        URI endpoint = node.baseUri().resolve(ExchangeCalls.tokenPath(agent));
        Map<String, String> form = ExchangeCalls.exchangeForm(grantId, presentation);
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", agent.basicAuth())
                .header(
                        "DPoP",
                        ExchangeCalls.dpopProof(
                                agent.attestation.instanceKey,
                                ExchangeCalls.tokenEndpoint(new Http(node.baseUri()), agent)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
