package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Experiment 1: {@code kill -9} of node B while agents exchange through both nodes. Just before, node B accepts a
 * presentation; right after, node A is sent the same presentation again and must refuse it (the replay entry lives in
 * Keycloak's cluster-wide single-use store, which both nodes hold, not only in the dead node). Node A must keep issuing
 * while B is down; B is then started again and must rejoin (a cluster view of two) and issue tokens itself.
 */
final class NodeLoss {

    static final String NAME = "Node loss (kill -9 of node B under load)";

    private final ChaosCluster cluster;
    private final ExchangeLoad load;
    private final AgentGrantFixture agent;
    private final String probeGrant;
    private final Duration phase;
    /** The reasons the audit trail gives for a grant's refused exchanges. */
    private final Function<String, List<String>> refusalReasons;

    NodeLoss(
            ChaosCluster cluster,
            ExchangeLoad load,
            AgentGrantFixture agent,
            String probeGrant,
            Duration phase,
            Function<String, List<String>> refusalReasons) {
        this.refusalReasons = refusalReasons;
        this.cluster = cluster;
        this.load = load;
        this.agent = agent;
        this.probeGrant = probeGrant;
        this.phase = phase;
    }

    void run(Verdicts verdicts) {
        ChaosCluster.Node a = cluster.a();
        ChaosCluster.Node b = cluster.b();
        log("load on both nodes for " + phase.toSeconds() + " s");
        load.start();
        sleep(phase);
        long beforeKill = System.currentTimeMillis();

        String presentation = agent.presentation();
        Outcome acceptedByB = load.exchange(b, probeGrant, presentation);
        long pid = b.kill();
        long killedAt = System.currentTimeMillis();
        log("node B accepted a presentation (" + acceptedByB.label() + "), then its JVM (pid " + pid
                + ") was killed with SIGKILL");
        Outcome replayOnA = load.exchange(a, probeGrant, presentation);
        Outcome freshOnA = load.exchange(a, probeGrant, agent.presentation());
        List<String> reasons = refusalReasons.apply(probeGrant);
        log("the same presentation at node A: " + replayOnA.label() + " " + replayOnA.body()
                + "; the reason in its audit record " + reasons + "; a fresh one: " + freshOnA.label());

        sleep(phase);
        long restartAt = System.currentTimeMillis();
        log("node B down for " + (restartAt - killedAt) / 1000 + " s; starting it again (load continues)");
        b.start(false);
        long rejoinedAt = System.currentTimeMillis();
        log("node B ready after " + (rejoinedAt - restartAt) / 1000 + " s; load for " + phase.toSeconds() + " s more");
        sleep(phase);
        load.stop();
        long end = System.currentTimeMillis();

        List<Outcome> all = load.outcomes();
        long tokensBefore = count(all, "node-a", beforeKill - phase.toMillis(), beforeKill)
                + count(all, "node-b", beforeKill - phase.toMillis(), beforeKill);
        long survivorTokens = count(all, "node-a", killedAt, rejoinedAt);
        double survivorRate = survivorTokens / Math.max(1.0, (rejoinedAt - killedAt) / 1000.0);
        long unansweredAtB = all.stream()
                .filter(o -> o.node().equals("node-b") && o.sentAt() >= killedAt && o.sentAt() < rejoinedAt)
                .filter(o -> o.kind() == AnswerKind.NO_ANSWER)
                .count();
        long bAfter = count(all, "node-b", rejoinedAt, end);
        long aAfter = count(all, "node-a", rejoinedAt, end);
        List<Integer> viewsOfB = b.clusterViews();
        List<Integer> viewsOfA = a.clusterViews();

        verdicts.add(
                NAME,
                "the survivor keeps issuing while node B is down",
                survivorTokens > 0,
                String.format(
                        "node A issued %d tokens in the %.0f s from the kill to B's return (%.1f/s; both nodes %.1f/s"
                                + " before the kill); %d requests sent to dead B got no answer",
                        survivorTokens,
                        (rejoinedAt - killedAt) / 1000.0,
                        survivorRate,
                        tokensBefore / (double) phase.toSeconds(),
                        unansweredAtB));
        boolean replayRefused = acceptedByB.token()
                && replayOnA.kind() == AnswerKind.OAUTH_ERROR
                && reasons.size() == 1
                && reasons.get(0).endsWith(":replayed")
                && freshOnA.token();
        verdicts.add(
                NAME,
                "a presentation node B accepted is refused by node A after B's death (replay protection)",
                replayRefused,
                "node B: " + acceptedByB.label() + "; the same presentation at node A "
                        + (replayOnA.sentAt() - killedAt) + " ms after the kill: " + replayOnA.label() + " \""
                        + description(replayOnA) + "\", reason in its audit record " + reasons
                        + "; a fresh presentation at node A: " + freshOnA.label());
        boolean rejoined = !viewsOfB.isEmpty() && viewsOfB.get(viewsOfB.size() - 1) == 2 && bAfter > 0;
        verdicts.add(
                NAME,
                "node B restarts, rejoins and serves exchanges",
                rejoined,
                String.format(
                        "ready %d s after its start; cluster views in node B's log %s, in node A's %s; after the"
                                + " restart node B issued %d tokens and node A %d in %.0f s",
                        (rejoinedAt - restartAt) / 1000,
                        viewsOfB,
                        viewsOfA,
                        bAfter,
                        aAfter,
                        (end - rejoinedAt) / 1000.0));
    }

    static long count(List<Outcome> outcomes, String node, long from, long to) {
        return outcomes.stream()
                .filter(o -> o.node().equals(node) && o.token() && o.answeredAt() >= from && o.answeredAt() < to)
                .count();
    }

    static String description(Outcome outcome) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"error_description\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(outcome.body());
        return matcher.find() ? matcher.group(1) : "";
    }

    static void log(String message) {
        System.out.printf("%tT  %s%n", System.currentTimeMillis(), message);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
