package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.load.Sample;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** The figures of a run, each with its target (a p99 in milliseconds) when it has one, and their verdicts. */
final class Measurements {

    record Measurement(String name, Sample sample, OptionalDouble p99Target) {
        boolean passed() {
            return sample.errors() == 0
                    && sample.tokens() > 0
                    && (p99Target.isEmpty() || sample.millisAt(99) < p99Target.getAsDouble());
        }
    }

    private final List<Measurement> all = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();
    private boolean failed;

    Measurement add(String name, Sample sample, double p99TargetMillis) {
        Measurement measurement = new Measurement(
                name, sample, p99TargetMillis > 0 ? OptionalDouble.of(p99TargetMillis) : OptionalDouble.empty());
        all.add(measurement);
        return measurement;
    }

    void verdict(boolean passed, String text) {
        verdicts.add((passed ? "PASS  " : "FAIL  ") + text);
        failed |= !passed;
    }

    boolean failed() {
        return failed;
    }

    static void header(PrintStream out) {
        out.printf(
                "  %-52s %9s %7s %9s %8s %8s %8s %9s%n",
                "", "requests", "errors", "per s", "p50 ms", "p99 ms", "max ms", "p99 goal");
    }

    static void line(PrintStream out, Measurement m) {
        Sample s = m.sample();
        out.printf(
                "  %-52s %9d %7d %9.1f %8.1f %8.1f %8.1f %9s%s%n",
                m.name(),
                s.tokens(),
                s.errors(),
                s.throughput(),
                s.millisAt(50),
                s.millisAt(99),
                s.maxMillis(),
                m.p99Target().isPresent() ? "< " + (int) m.p99Target().getAsDouble() : "",
                m.p99Target().isPresent() ? (m.passed() ? "  ok" : "  MISSED") : "");
        s.firstError().ifPresent(error -> out.println("      first error: " + error));
    }

    void printVerdicts(PrintStream out) {
        out.println("\nVerdicts:");
        for (Measurement m : all) {
            if (m.p99Target().isPresent()) {
                verdict(
                        m.passed(),
                        m.name() + ": p99 " + String.format("%.1f", m.sample().millisAt(99)) + " ms < "
                                + (int) m.p99Target().getAsDouble() + " ms, "
                                + m.sample().errors() + " errors");
            }
        }
        verdicts.forEach(v -> out.println("  " + v));
    }
}
