package dev.agentgrant.keycloak.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a run: each scenario over all its rounds (throughput, latency percentiles, errors, CPU per token),
 * then, for each task-grant scenario, the three ratios the project targets — against the standard exchange with DPoP
 * and against {@code client_credentials} — each with its verdict, the ratios to the plain standard exchange for
 * reference, and the target ratios round by round to show how much they move.
 */
final class LoadReport {

    static final double MIN_THROUGHPUT_VS_STANDARD = 0.9;
    static final double MAX_P99_VS_STANDARD = 1.5;
    static final double MIN_THROUGHPUT_VS_CLIENT_CREDENTIALS = 0.6;

    private static final String NAME = "%-34s";

    private final Map<Scenario, List<Sample>> rounds;
    private final ScenarioLineup lineup;

    LoadReport(Map<Scenario, List<Sample>> rounds, ScenarioLineup lineup) {
        this.rounds = rounds;
        this.lineup = lineup;
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
                NAME + " %9s %7s %9s %8s %8s %8s %8s%n",
                "scenario",
                "tokens",
                "errors",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms"));
        for (Scenario scenario : lineup.all()) {
            Sample s = total(scenario);
            text.append(String.format(
                    Locale.ROOT,
                    NAME + " %9d %7d %9.1f %8.1f %8.1f %8.1f %8.1f%n",
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
                "%nCPU per token in ms (/proc), and the rest of the machine's busy share:%n" + NAME
                        + " %9s %11s %9s %13s%n",
                "scenario",
                "Keycloak",
                "PostgreSQL",
                "driver",
                "rest busy"));
        for (Scenario scenario : lineup.all()) {
            Sample s = total(scenario);
            text.append(String.format(
                    Locale.ROOT,
                    NAME + " %9.2f %11.2f %9.2f %12.0f %%%n",
                    scenario.name(),
                    s.cpuMillisPerToken(MachineCpu.Part.KEYCLOAK),
                    s.cpuMillisPerToken(MachineCpu.Part.DATABASE),
                    s.cpuMillisPerToken(MachineCpu.Part.DRIVER),
                    100 * s.machineShare(MachineCpu.Part.REST)));
        }
        Sample dpop = total(lineup.standardWithDpop());
        Sample plain = total(lineup.standard());
        Sample cc = total(lineup.clientCredentials());
        for (TaskGrantExchangeScenario taskGrant : lineup.taskGrants()) {
            Sample task = total(taskGrant);
            text.append('\n').append(taskGrant.name()).append(":\n");
            text.append(verdict(
                    "throughput / " + lineup.standardWithDpop().name(),
                    task.throughput() / dpop.throughput(),
                    "≥",
                    MIN_THROUGHPUT_VS_STANDARD,
                    true));
            text.append(verdict(
                    "p99 latency / " + lineup.standardWithDpop().name(),
                    task.millisAt(99) / dpop.millisAt(99),
                    "≤",
                    MAX_P99_VS_STANDARD,
                    false));
            text.append(verdict(
                    "throughput / " + lineup.clientCredentials().name(),
                    task.throughput() / cc.throughput(),
                    "≥",
                    MIN_THROUGHPUT_VS_CLIENT_CREDENTIALS,
                    true));
            text.append(String.format(
                    Locale.ROOT,
                    "  %-54s %5.2f   (reference)%n  %-54s %5.2f   (reference)%n",
                    "throughput / " + lineup.standard().name(),
                    task.throughput() / plain.throughput(),
                    "p99 latency / " + lineup.standard().name(),
                    task.millisAt(99) / plain.millisAt(99)));
        }
        text.append("\nround by round (throughput vs standard exchange with DPoP, p99 vs the same, throughput vs"
                + " client_credentials):\n");
        for (int i = 0; i < rounds.get(lineup.clientCredentials()).size(); i++) {
            Sample d = rounds.get(lineup.standardWithDpop()).get(i);
            Sample c = rounds.get(lineup.clientCredentials()).get(i);
            text.append(String.format(Locale.ROOT, "  round %d:", i + 1));
            for (TaskGrantExchangeScenario taskGrant : lineup.taskGrants()) {
                Sample t = rounds.get(taskGrant).get(i);
                text.append(String.format(
                        Locale.ROOT,
                        "   %s %.2f  %.2f  %.2f",
                        taskGrant.credentials().key().label(),
                        t.throughput() / d.throughput(),
                        t.millisAt(99) / d.millisAt(99),
                        t.throughput() / c.throughput()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String verdict(String what, double ratio, String comparison, double target, boolean atLeast) {
        boolean met = atLeast ? ratio >= target : ratio <= target;
        return String.format(
                Locale.ROOT,
                "  %-54s %5.2f   target %s %.1f   %s%n",
                what,
                ratio,
                comparison,
                target,
                met ? "met" : "MISSED");
    }
}
