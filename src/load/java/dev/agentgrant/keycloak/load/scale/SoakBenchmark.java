package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.load.ClosedLoop;
import dev.agentgrant.keycloak.load.LoadOptions;
import dev.agentgrant.keycloak.load.LoadRealm;
import dev.agentgrant.keycloak.load.LoadServer;
import dev.agentgrant.keycloak.load.MachineCpu;
import dev.agentgrant.keycloak.load.Sample;
import dev.agentgrant.keycloak.load.Scenario;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./mvnw -Pload -Dload.mode=soak -Dload.duration=1800} (docs/performance.md, "Soak"): steady load — the
 * task-grant exchange and the agent's status polls taking turns — for the whole duration, the server's heap after a
 * full collection read every {@code load.soak.sample} seconds. Verdict: the heap after GC of the last third of the
 * samples is at most {@value #MAX_GROWTH_PERCENT} % above the first third's, and no request failed.
 */
public final class SoakBenchmark {

    static final int MAX_GROWTH_PERCENT = 10;

    private SoakBenchmark() {}

    /** Answers whether the verdict passed. */
    public static boolean run(PrintStream out) {
        LoadOptions options = LoadOptions.fromSystemProperties();
        Duration total = options.duration();
        Duration every = Duration.ofSeconds(Long.getLong("load.soak.sample", 60));
        out.println("Soak, " + Instant.now() + ": " + options.concurrency() + " virtual users for " + total.toSeconds()
                + " s, the exchange and status polls taking turns; heap after a full GC every " + every.toSeconds()
                + " s");
        Path serverJava = options.serverJava().orElse(Path.of(System.getProperty("java.home")));
        LoadServer server = LoadServer.start(
                HarnessSettings.fromSystemProperties(),
                options.database(),
                options.serverJava(),
                Optional.empty(),
                List.of());
        Thread stopOnExit = new Thread(server::close, "soak-server-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try (ClosedLoop loop = new ClosedLoop(options.concurrency(), new MachineCpu(server.databaseName()))) {
            out.println(
                    "Server: " + server.describe() + ", log " + server.logFile().orElseThrow());
            LoadRealm realm = LoadRealm.configure(server, options.grants());
            Scenario exchange = realm.scenarios(options.concurrency()).get(0);
            Scenario poll = GetScenario.cycling(
                    "status poll",
                    realm.grantIds().stream()
                            .map(id -> server.baseUri().resolve(realm.agent().endpoint("grants/" + id)))
                            .toList(),
                    "Authorization",
                    () -> realm.agent().basicAuth());
            Scenario mixed = new MixedScenario(List.of(exchange, poll));
            String failure = loop.probe(mixed);
            if (failure != null) {
                throw new IllegalStateException("The soak load does not work: " + failure);
            }
            ServerHeap heap = ServerHeap.of(server.process(), serverJava);
            out.println("Server JVM pid " + heap.pid() + "; warm-up "
                    + options.warmup().toSeconds() + " s");
            // Proof batches are sized by the last rate: one too large on a slow machine would hold stale proofs.
            double rate = Math.max(1, loop.run(mixed, options.warmup(), 10).throughput());

            out.printf(
                    "%n  %8s %14s %9s %8s %8s %7s%n", "at s", "heap after GC", "per s", "p50 ms", "p99 ms", "errors");
            List<Long> heapKb = new ArrayList<>();
            Sample all = new Sample();
            Instant start = Instant.now();
            while (Duration.between(start, Instant.now()).compareTo(total) < 0) {
                Duration left = total.minus(Duration.between(start, Instant.now()));
                Sample sample = loop.run(mixed, left.compareTo(every) < 0 ? left : every, rate);
                rate = Math.max(1, sample.throughput());
                all.add(sample);
                long kb = heap.afterFullGcKb();
                heapKb.add(kb);
                out.printf(
                        "  %8d %11.1f MB %9.1f %8.1f %8.1f %7d%n",
                        Duration.between(start, Instant.now()).toSeconds(),
                        kb / 1024.0,
                        sample.throughput(),
                        sample.millisAt(50),
                        sample.millisAt(99),
                        sample.errors());
            }
            int third = Math.max(1, heapKb.size() / 3);
            double first = heapKb.subList(0, third).stream()
                    .mapToLong(Long::longValue)
                    .average()
                    .orElse(0);
            double last = heapKb.subList(heapKb.size() - third, heapKb.size()).stream()
                    .mapToLong(Long::longValue)
                    .average()
                    .orElse(0);
            double growth = (last - first) / first * 100;
            out.printf(
                    "%n  %d requests, %d errors, %.1f/s, p99 %.1f ms over %d s%s%n",
                    all.tokens(),
                    all.errors(),
                    all.throughput(),
                    all.millisAt(99),
                    Duration.between(start, Instant.now()).toSeconds(),
                    all.firstError().map(e -> "; first error: " + e).orElse(""));
            boolean passed = heapKb.size() >= 3 && growth <= MAX_GROWTH_PERCENT && all.errors() == 0;
            out.printf(
                    "%nVerdict:%n  %s  heap after GC %.1f MB (first third of %d samples) → %.1f MB (last third):"
                            + " %+.1f %% (ceiling +%d %%), %d errors%s%n",
                    passed ? "PASS" : "FAIL",
                    first / 1024,
                    heapKb.size(),
                    last / 1024,
                    growth,
                    MAX_GROWTH_PERCENT,
                    all.errors(),
                    heapKb.size() < 3 ? "; fewer than three samples: run longer than 3 × load.soak.sample" : "");
            return passed;
        } finally {
            server.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }
}
