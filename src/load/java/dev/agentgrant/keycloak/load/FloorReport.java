package dev.agentgrant.keycloak.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The floor beside what the exchange costs: per task-grant scenario, each unavoidable operation's CPU (the calling
 * thread's, and the PostgreSQL backend's for a statement), with the Keycloak CPU per token of the stage of the server's
 * profile that makes it when the run recorded one; then the exchange's CPU per token (Keycloak and PostgreSQL, from
 * /proc) over the floor's sum, against its target.
 */
final class FloorReport {

    static final double MAX_EXCHANGE_OVER_FLOOR = 1.25;

    private final Map<TaskGrantExchangeScenario, List<FloorOperation>> floors;
    private final LoadReport report;
    private final Optional<ServerProfile> profile;

    FloorReport(
            Map<TaskGrantExchangeScenario, List<FloorOperation>> floors,
            LoadReport report,
            Optional<ServerProfile> profile) {
        this.floors = floors;
        this.report = report;
        this.profile = profile;
    }

    String text() {
        StringBuilder text = new StringBuilder(
                "The floor: what a task-grant token cannot do without, each operation alone (after the load), CPU per"
                        + " operation in ms\n");
        text.append(String.format(
                Locale.ROOT,
                "  %-52s %8s %11s   %s%n",
                "operation",
                "thread",
                "PostgreSQL",
                profile.isPresent() ? "Keycloak CPU per token by stage (JFR)" : "(stages: run with -Dload.jfr=true)"));
        for (Map.Entry<TaskGrantExchangeScenario, List<FloorOperation>> entry : floors.entrySet()) {
            Sample sample = report.total(entry.getKey());
            Map<String, ServerProfile.Stage> stages =
                    profile.map(p -> p.stages(sample)).orElse(Map.of());
            text.append(entry.getKey().name()).append('\n');
            double floor = 0;
            for (FloorOperation operation : entry.getValue()) {
                if (operation.inFloor()) {
                    floor += operation.totalMicros() / 1000;
                }
                ServerProfile.Stage stage = stages.get(operation.stage());
                text.append(String.format(
                        Locale.ROOT,
                        "  %-52s %8.3f %11s   %s%n",
                        operation.inFloor() ? operation.name() : operation.name() + " *",
                        operation.clientMicros() / 1000,
                        operation.backendMicros() == 0
                                ? "—"
                                : Double.isNaN(operation.backendMicros())
                                        ? "unread"
                                        : String.format(Locale.ROOT, "%.3f", operation.backendMicros() / 1000),
                        profile.isEmpty()
                                ? ""
                                : stage == null
                                        ? "— " + operation.stage()
                                        : String.format(
                                                Locale.ROOT, "%.3f %s", stage.millisPerToken(), operation.stage())));
            }
            double exchange = sample.cpuMillisPerToken(MachineCpu.Part.KEYCLOAK)
                    + sample.cpuMillisPerToken(MachineCpu.Part.DATABASE);
            text.append(String.format(Locale.ROOT, "  %-52s %8.3f%n", "floor, thread and PostgreSQL", floor));
            profile.ifPresent(p -> text.append(String.format(
                    Locale.ROOT, "  %-52s %8.3f%n", "server JVM CPU per token (JFR)", p.cpuMillisPerToken(sample))));
            text.append(String.format(
                    Locale.ROOT, "  %-52s %8.3f%n", "exchange: Keycloak + PostgreSQL per token (/proc)", exchange));
            double ratio = exchange / floor;
            text.append(String.format(
                    Locale.ROOT,
                    "  %-52s %8.2f   target ≤ %.2f   %s%n",
                    "exchange / floor",
                    ratio,
                    MAX_EXCHANGE_OVER_FLOOR,
                    ratio <= MAX_EXCHANGE_OVER_FLOOR ? "met" : "MISSED"));
        }
        if (floors.values().stream().flatMap(List::stream).anyMatch(o -> !o.inFloor())) {
            text.append("  * beside the floor, not counted in it: the JDK's provider, with which Keycloak's DPoP check"
                    + " verifies it\n");
        }
        return text.toString();
    }
}
