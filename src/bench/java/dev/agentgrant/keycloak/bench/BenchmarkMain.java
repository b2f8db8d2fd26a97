package dev.agentgrant.keycloak.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link AttestationVerificationBenchmark} with JMH and prints every result as a multiple of the RS256
 * baseline measured in the same run, then the two targets. Takes JMH's own command-line options (defaults are
 * the annotations' short settings); without a benchmark pattern it runs the whole class.
 */
public final class BenchmarkMain {

    static final String BASELINE = "rs256Sign";
    /** Benchmark → the largest multiple of the baseline it may cost. */
    static final Map<String, Double> TARGETS = Map.of("cacheHit", 1.0, "cold", 5.0);

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp()
                || cli.shouldList()
                || cli.shouldListWithParams()
                || cli.shouldListProfilers()
                || cli.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(AttestationVerificationBenchmark.class.getName() + "\\.");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.print(report(results));
    }

    /** The ratios, as text: one line per benchmark, then one per target. */
    static String report(Collection<RunResult> results) {
        Map<String, Result<?>> byName = new LinkedHashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            byName.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult());
        }
        StringBuilder out = new StringBuilder();
        Result<?> baseline = byName.get(BASELINE);
        if (baseline == null) {
            return out.append("No ratios: the baseline ")
                    .append(BASELINE)
                    .append(" was not run.\n")
                    .toString();
        }
        out.append("Ratios to ").append(BASELINE).append(" (same JVM, same run; range from the 99.9% error bars)\n");
        out.append(
                String.format(Locale.ROOT, "%-22s %14s %10s %18s%n", "benchmark", "score", "× " + BASELINE, "range"));
        byName.forEach((name, result) -> out.append(String.format(
                Locale.ROOT,
                "%-22s %9.1f %-4s %10.2f %18s%n",
                name,
                result.getScore(),
                result.getScoreUnit(),
                ratio(result, baseline),
                range(result, baseline))));
        TARGETS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(target -> {
            Result<?> result = byName.get(target.getKey());
            if (result != null) {
                double ratio = ratio(result, baseline);
                out.append(String.format(
                        Locale.ROOT,
                        "%s / %s = %.2f (target ≤ %.0f): %s%n",
                        target.getKey(),
                        BASELINE,
                        ratio,
                        target.getValue(),
                        ratio <= target.getValue() ? "met" : "MISSED"));
            }
        });
        return out.toString();
    }

    private static double ratio(Result<?> result, Result<?> baseline) {
        return result.getScore() / baseline.getScore();
    }

    /** The ratio's extremes when both scores sit at the ends of their confidence intervals. */
    private static String range(Result<?> result, Result<?> baseline) {
        double error = Double.isNaN(result.getScoreError()) ? 0 : result.getScoreError();
        double baselineError = Double.isNaN(baseline.getScoreError()) ? 0 : baseline.getScoreError();
        double low = (result.getScore() - error) / (baseline.getScore() + baselineError);
        double high = baseline.getScore() - baselineError <= 0
                ? Double.POSITIVE_INFINITY
                : (result.getScore() + error) / (baseline.getScore() - baselineError);
        return String.format(Locale.ROOT, "%.2f – %.2f", Math.max(0, low), high);
    }
}
