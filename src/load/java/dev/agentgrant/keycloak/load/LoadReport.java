package dev.agentgrant.keycloak.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a run: each scenario over all its rounds (throughput, latency percentiles, errors), then the three
 * ratios the project targets, each with its verdict, and the same ratios round by round to show how much they move.
 */
final class LoadReport {

    static final double MIN_THROUGHPUT_VS_STANDARD = 0.9;
    static final double MAX_P99_VS_STANDARD = 1.5;
    static final double MIN_THROUGHPUT_VS_CLIENT_CREDENTIALS = 0.6;

    private final Map<Scenario, List<Sample>> rounds;
    private final Scenario taskGrant;
    private final Scenario standard;
    private final Scenario clientCredentials;

    LoadReport(Map<Scenario, List<Sample>> rounds, Scenario taskGrant, Scenario standard, Scenario clientCredentials) {
        this.rounds = rounds;
        this.taskGrant = taskGrant;
        this.standard = standard;
        this.clientCredentials = clientCredentials;
    }

    Sample total(Scenario scenario) {
        Sample total = new Sample();
        rounds.get(scenario).forEach(total::add);
        return total;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%-26s %9s %7s %9s %8s %8s %8s %8s%n",
                "scenario",
                "tokens",
                "errors",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms"));
        for (Scenario scenario : List.of(taskGrant, standard, clientCredentials)) {
            Sample s = total(scenario);
            text.append(String.format(
                    Locale.ROOT,
                    "%-26s %9d %7d %9.1f %8.1f %8.1f %8.1f %8.1f%n",
                    scenario.name(),
                    s.tokens(),
                    s.errors(),
                    s.throughput(),
                    s.millisAt(50),
                    s.millisAt(90),
                    s.millisAt(99),
                    s.maxMillis()));
            if (!scenario.notes().isEmpty()) {
                text.append("  (").append(scenario.notes()).append(")\n");
            }
        }
        text.append(String.format(
                Locale.ROOT,
                "%nCPU per token in ms (/proc), and the rest of the machine's busy share:%n"
                        + "%-26s %9s %11s %9s %13s%n",
                "scenario",
                "Keycloak",
                "PostgreSQL",
                "driver",
                "rest busy"));
        for (Scenario scenario : List.of(taskGrant, standard, clientCredentials)) {
            Sample s = total(scenario);
            text.append(String.format(
                    Locale.ROOT,
                    "%-26s %9.2f %11.2f %9.2f %12.0f %%%n",
                    scenario.name(),
                    s.cpuMillisPerToken(MachineCpu.Part.KEYCLOAK),
                    s.cpuMillisPerToken(MachineCpu.Part.DATABASE),
                    s.cpuMillisPerToken(MachineCpu.Part.DRIVER),
                    100 * s.machineShare(MachineCpu.Part.REST)));
        }
        Sample task = total(taskGrant);
        Sample std = total(standard);
        Sample cc = total(clientCredentials);
        text.append('\n');
        text.append(verdict(
                "throughput, task-grant / standard exchange",
                task.throughput() / std.throughput(),
                "≥",
                MIN_THROUGHPUT_VS_STANDARD,
                true));
        text.append(verdict(
                "p99 latency, task-grant / standard exchange",
                task.millisAt(99) / std.millisAt(99),
                "≤",
                MAX_P99_VS_STANDARD,
                false));
        text.append(verdict(
                "throughput, task-grant / client_credentials",
                task.throughput() / cc.throughput(),
                "≥",
                MIN_THROUGHPUT_VS_CLIENT_CREDENTIALS,
                true));
        text.append("\nround by round (throughput vs standard, p99 vs standard, throughput vs client_credentials):\n");
        for (int i = 0; i < rounds.get(taskGrant).size(); i++) {
            Sample t = rounds.get(taskGrant).get(i);
            Sample s = rounds.get(standard).get(i);
            Sample c = rounds.get(clientCredentials).get(i);
            text.append(String.format(
                    Locale.ROOT,
                    "  round %d: %.2f  %.2f  %.2f%n",
                    i + 1,
                    t.throughput() / s.throughput(),
                    t.millisAt(99) / s.millisAt(99),
                    t.throughput() / c.throughput()));
        }
        return text.toString();
    }

    private static String verdict(String what, double ratio, String comparison, double target, boolean atLeast) {
        boolean met = atLeast ? ratio >= target : ratio <= target;
        return String.format(
                Locale.ROOT,
                "%-46s %5.2f   target %s %.1f   %s%n",
                what,
                ratio,
                comparison,
                target,
                met ? "met" : "MISSED");
    }
}
