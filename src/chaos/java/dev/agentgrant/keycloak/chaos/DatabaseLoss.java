package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Experiment 2: the database server crashes ({@code pg_ctl stop -m immediate}) while agents exchange through both
 * nodes, and comes back after {@code outage}. Every answer in between must be one an OAuth client can act on (an
 * RFC 6749 §5.2 error object, no 500, no stack trace); midway, the extension's other endpoints are asked once through
 * each node ({@link OutageProbes}); and both nodes must issue tokens again by themselves once the database is back.
 */
final class DatabaseLoss {

    static final String NAME = "Database loss (PostgreSQL crash and restart under load)";
    /** How long the nodes get to issue tokens again after the database returns. */
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(2);

    private final ChaosCluster cluster;
    private final ExchangeLoad load;
    private final OwnPostgres postgres;
    private final Duration phase;
    private final Duration outage;
    private final AgentGrantFixture agent;
    private final String probeGrant;

    DatabaseLoss(
            ChaosCluster cluster,
            ExchangeLoad load,
            OwnPostgres postgres,
            Duration phase,
            Duration outage,
            AgentGrantFixture agent,
            String probeGrant) {
        this.cluster = cluster;
        this.load = load;
        this.postgres = postgres;
        this.phase = phase;
        this.outage = outage;
        this.agent = agent;
        this.probeGrant = probeGrant;
    }

    void run(Verdicts verdicts) {
        long start = System.currentTimeMillis();
        NodeLoss.log("load on both nodes for " + phase.toSeconds() + " s");
        load.start();
        NodeLoss.sleep(phase);
        postgres.crash();
        long downAt = System.currentTimeMillis();
        NodeLoss.log("PostgreSQL stopped (immediate); down for " + outage.toSeconds() + " s");
        NodeLoss.sleep(outage.dividedBy(2));
        List<OutageProbes.Probe> probes = OutageProbes.send(cluster.nodes(), agent, probeGrant);
        NodeLoss.log("the other endpoints while it is down: " + probes);
        NodeLoss.sleep(Duration.ofMillis(Math.max(0, outage.toMillis() - (System.currentTimeMillis() - downAt))));
        postgres.startServer();
        long upAt = System.currentTimeMillis();
        NodeLoss.log("PostgreSQL started again");

        long deadline = upAt + RECOVERY_LIMIT.toMillis();
        long recoveredA = -1;
        long recoveredB = -1;
        while (System.currentTimeMillis() < deadline && (recoveredA < 0 || recoveredB < 0)) {
            NodeLoss.sleep(Duration.ofMillis(500));
            List<Outcome> now = load.outcomes();
            recoveredA = recoveredA >= 0 ? recoveredA : firstTokenAfter(now, "node-a", upAt);
            recoveredB = recoveredB >= 0 ? recoveredB : firstTokenAfter(now, "node-b", upAt);
        }
        NodeLoss.log("tokens again from node A after " + seconds(recoveredA, upAt) + ", node B after "
                + seconds(recoveredB, upAt) + "; load for " + phase.toSeconds() + " s more");
        NodeLoss.sleep(phase);
        load.stop();
        long end = System.currentTimeMillis();

        List<Outcome> all = load.outcomes();
        // Answers to requests that were sent while the database was down or answered before a node issued again.
        long settled = Math.max(recoveredA < 0 ? upAt : recoveredA, recoveredB < 0 ? upAt : recoveredB);
        List<Outcome> during = all.stream()
                .filter(o -> o.answeredAt() >= downAt && o.sentAt() <= settled)
                .toList();
        Map<String, Long> answers = during.stream()
                .filter(o -> !o.token())
                .collect(Collectors.groupingBy(o -> o.kind() + " " + o.label(), TreeMap::new, Collectors.counting()));
        long tokensDuring = during.stream().filter(Outcome::token).count();
        List<Outcome> bad = during.stream()
                .filter(o -> o.kind() == AnswerKind.SERVER_ERROR || o.kind() == AnswerKind.LEAK)
                .toList();
        verdicts.add(
                NAME,
                "requests during the outage get an RFC 6749 §5.2 error (no 500, no stack trace)",
                bad.isEmpty() && !answers.isEmpty(),
                String.format(
                        "%d answers from the crash until both nodes issued again: %d tokens, errors %s%s",
                        during.size(),
                        tokensDuring,
                        answers,
                        bad.isEmpty()
                                ? ""
                                : "; first bad answer: " + bad.get(0).label() + " "
                                        + abbreviated(bad.get(0).body())));
        List<OutageProbes.Probe> unexpected =
                probes.stream().filter(probe -> !probe.expected()).toList();
        verdicts.add(
                NAME,
                "the grant request, the status poll and the approval page answer 503 with Retry-After meanwhile"
                        + " (an RFC 6749 §5.2 error for an agent, a page for a person, no internals)",
                unexpected.isEmpty(),
                unexpected.isEmpty()
                        ? probes.toString()
                        : "unexpected: " + unexpected + "; first body: "
                                + abbreviated(unexpected.get(0).body()));
        verdicts.add(
                NAME,
                "Keycloak recovers by itself when the database returns",
                recoveredA >= 0 && recoveredB >= 0,
                String.format(
                        "database down %.0f s; first token after its return from node A after %s, node B after %s;"
                                + " after the outage %d tokens in %.0f s",
                        (upAt - downAt) / 1000.0,
                        seconds(recoveredA, upAt),
                        seconds(recoveredB, upAt),
                        all.stream()
                                .filter(o -> o.token() && o.answeredAt() >= settled)
                                .count(),
                        (end - settled) / 1000.0));
        NodeLoss.log("experiment took " + (end - start) / 1000 + " s");
    }

    private static long firstTokenAfter(List<Outcome> outcomes, String node, long after) {
        return outcomes.stream()
                .filter(o -> o.node().equals(node) && o.token() && o.sentAt() >= after)
                .mapToLong(Outcome::answeredAt)
                .min()
                .orElse(-1);
    }

    private static String seconds(long at, long since) {
        return at < 0 ? "never" : String.format("%.1f s", (at - since) / 1000.0);
    }

    private static String abbreviated(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
