package dev.agentgrant.keycloak.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run: each scenario warms up once, then the scenarios take turns for {@code rounds} rounds, each round starting
 * one scenario later than the previous (A B C, B C A, C A B, …) so that neither the order nor a burst of noise from
 * other work on the machine favours one of them. Every scenario gets the same concurrency and measured time.
 */
final class LoadRun {

    /** What a scenario is assumed to reach before anything is known; batches are never sized for less. */
    private static final double FIRST_GUESS = 150;

    private final LoadOptions options;
    private final MachineCpu cpu;
    private final PrintStream out;

    LoadRun(LoadOptions options, MachineCpu cpu, PrintStream out) {
        this.options = options;
        this.cpu = cpu;
        this.out = out;
    }

    /** Each scenario's samples, one per round, in the scenarios' order. */
    Map<Scenario, List<Sample>> run(List<Scenario> scenarios) {
        Map<Scenario, List<Sample>> rounds = new LinkedHashMap<>();
        Map<Scenario, Double> rates = new LinkedHashMap<>();
        try (ClosedLoop loop = new ClosedLoop(options.concurrency(), cpu)) {
            for (Scenario scenario : scenarios) {
                String failure = loop.probe(scenario);
                if (failure != null) {
                    throw new IllegalStateException(scenario.name() + " does not answer with a token: " + failure);
                }
                rounds.put(scenario, new ArrayList<>());
                rates.put(scenario, FIRST_GUESS);
            }
            if (!options.warmup().isZero()) {
                for (Scenario scenario : scenarios) {
                    Sample warm = loop.run(scenario, options.warmup(), FIRST_GUESS);
                    rates.merge(scenario, warm.throughput(), Math::max);
                    print("warm-up", scenario, warm);
                }
            }
            for (int round = 0; round < options.rounds(); round++) {
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario scenario = scenarios.get((round + i) % scenarios.size());
                    Sample sample = loop.run(scenario, options.duration(), rates.get(scenario));
                    rates.merge(scenario, sample.throughput(), Math::max);
                    rounds.get(scenario).add(sample);
                    print("round " + (round + 1) + "/" + options.rounds(), scenario, sample);
                }
            }
        }
        return rounds;
    }

    private void print(String phase, Scenario scenario, Sample sample) {
        out.printf(
                Locale.ROOT,
                "  %-12s %-34s %6.1f s %7d tokens %5d errors %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms%n",
                phase,
                scenario.name(),
                sample.seconds(),
                sample.tokens(),
                sample.errors(),
                sample.throughput(),
                sample.millisAt(50),
                sample.millisAt(99));
        sample.firstError().ifPresent(error -> out.println("               first error: " + error));
        out.flush();
    }

    static Duration total(LoadOptions options, int scenarios) {
        return options.warmup()
                .plus(options.duration().multipliedBy(options.rounds()))
                .multipliedBy(scenarios);
    }
}
