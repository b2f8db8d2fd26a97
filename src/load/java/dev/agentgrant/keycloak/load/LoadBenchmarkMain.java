package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Database;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./mvnw -Pload}: boots one production-mode Keycloak with the extension, sets up an agent with approved task
 * grants (per instance-key type) and the clients of Keycloak's own grants, drives the scenarios at the same concurrency
 * in alternating rounds, measures the exchange's floor, and prints their figures, ratios and verdicts
 * (docs/performance.md, "Token endpoint under load").
 */
public final class LoadBenchmarkMain {

    private LoadBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        if (dev.agentgrant.keycloak.load.scale.LoadModes.ran(System.getProperty("load.mode", ""))) return;
        PrintStream out = System.out;
        LoadOptions options = LoadOptions.fromSystemProperties();
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        Optional<Path> recording = options.jfr()
                ? Optional.of(
                        settings.workDirectory().resolveSibling("keycloak.jfr").toAbsolutePath())
                : Optional.empty();
        out.println("Token endpoint under load, " + LocalDate.now() + ": " + options);
        Path driverJava = Path.of(System.getProperty("java.home"));
        out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores; server on "
                + JdkRelease.describe(options.serverJava().orElse(driverJava)) + ", load driver on "
                + JdkRelease.describe(driverJava) + "; about "
                + LoadRun.total(options, ScenarioLineup.SIZE).toSeconds() + " s of load");

        Map<Scenario, List<Sample>> rounds;
        LoadReport report;
        Duration floorTime = ExchangeFloor.timeFromSystemProperties();
        Map<TaskGrantExchangeScenario, List<FloorOperation>> floors = Map.of();
        LoadServer server = LoadServer.start(settings, options.database(), options.serverJava(), recording);
        Thread stopOnExit = new Thread(server::close, "load-server-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            out.println(
                    "Server: " + server.describe() + ", log " + server.logFile().orElseThrow());
            LoadRealm realm = LoadRealm.configure(server, options.grants());
            ScenarioLineup lineup = realm.lineup(options.concurrency());
            List<Scenario> scenarios = lineup.all();
            out.println("Task grants approved: " + realm.grantIds().size() + "; running.");
            rounds = new LoadRun(options, new MachineCpu(server.databaseName()), out).run(scenarios);
            report = new LoadReport(rounds, lineup);
            if (!floorTime.isZero() && options.database() == Database.POSTGRES) {
                out.println("\nMeasuring the floor (each operation " + floorTime.toSeconds() + " s warm-up, "
                        + floorTime.toSeconds() + " s measured)");
                floors = ExchangeFloor.measure(lineup, options.database(), server.databaseName(), floorTime);
            }
            out.println("\nUses of the task grants after the run: " + realm.uses() + " (at most " + LoadRealm.MAX_USES
                    + " each)");
        } finally {
            server.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        out.println();
        out.print(report.text());
        Optional<ServerProfile> profile = recording.map(ServerProfile::read);
        profile.ifPresent(p -> out.print("\n" + p.text(rounds)));
        if (!floors.isEmpty()) {
            out.print("\n" + new FloorReport(floors, report, profile).text());
        }
    }
}
