package dev.agentgrant.keycloak.chaos;

import dev.agentgrant.keycloak.approval.ApprovalBrowserIT;
import dev.agentgrant.keycloak.exchange.ApprovedGrants;
import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.testing.Browser;
import dev.agentgrant.keycloak.testing.Database;
import dev.agentgrant.keycloak.testing.DatabaseNames;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mvnw -Pchaos}: node loss and database loss under load, on two Keycloak nodes and a PostgreSQL server of the
 * run's own (docs/performance.md, "Node loss and database loss"). Prints what happened and the verdicts; exits 1 when
 * one is missed. Every process it started is stopped on exit, whatever happens (shutdown hooks).
 */
public final class ChaosMain {

    private ChaosMain() {}

    public static void main(String[] args) {
        int users = Integer.getInteger("chaos.users", 4);
        double rate = Double.parseDouble(System.getProperty("chaos.rate", "5"));
        int grantCount = Integer.getInteger("chaos.grants", 16);
        int uses = Integer.getInteger("chaos.uses", 300);
        Duration phase = Duration.ofSeconds(Integer.getInteger("chaos.phase", 20));
        Duration outage = Duration.ofSeconds(Integer.getInteger("chaos.outage", 15));
        Path postgresBin = Path.of(System.getProperty("chaos.postgres.bin", "/usr/lib/postgresql/15/bin"));
        System.out.printf(
                "Chaos run %s: %d virtual users at most %.0f exchanges/s each, %d grants of %d uses, phases of %d s,"
                        + " database outage %d s%n",
                Instant.now(), users, rate, grantCount, uses, phase.toSeconds(), outage.toSeconds());

        OwnPostgres postgres = OwnPostgres.start(postgresBin);
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "chaos-postgres-shutdown"));
        System.out.println(postgres);
        // The harness's Database reads the server's address from these properties (docs/testing.md).
        System.setProperty("keycloak.db.host", "127.0.0.1");
        System.setProperty("keycloak.db.port", Integer.toString(postgres.port()));
        System.setProperty("keycloak.db.username", "postgres");
        System.setProperty("keycloak.db.password", "");
        Database database = Database.POSTGRES;
        String databaseName = DatabaseNames.fresh();

        Verdicts verdicts = new Verdicts();
        try (ChaosCluster cluster =
                ChaosCluster.start(HarnessSettings.fromSystemProperties(), database, databaseName)) {
            NodeLoss.log("two nodes ready: " + cluster.a().describe() + ", "
                    + cluster.b().describe());
            ApprovalBrowserIT.ClientScopes.ensure(cluster.a().admin());
            AgentGrantFixture agent = AgentGrantFixture.create(
                    cluster.a(),
                    Map.of(
                            "agent-grant.max-uses", Integer.toString(Math.max(uses, 10)),
                            "agent-grant.max-grant-lifetime", Long.toString(24 * 3600)));
            List<String> grants = new ArrayList<>();
            String probeGrant;
            try (Browser browser = Browser.start()) {
                String person = ApprovedGrants.person(cluster.a().admin(), "chaos");
                probeGrant = ApprovedGrants.approved(browser, agent, person, Map.of("max_uses", "10"));
                for (int i = 0; i < grantCount; i++) {
                    grants.add(ApprovedGrants.approved(
                            browser, agent, person, Map.of("max_uses", Integer.toString(uses))));
                }
            }
            NodeLoss.log(grants.size() + 1 + " grants approved in the browser");
            List<String> approved = new ArrayList<>(grants);
            approved.add(probeGrant);

            ExchangeLoad load = new ExchangeLoad(agent, grants, cluster.nodes(), users, rate);
            System.out.println();
            System.out.println("== " + NodeLoss.NAME);
            String jdbcUrl = database.jdbcUrl(databaseName);
            new NodeLoss(cluster, load, agent, probeGrant, phase, grant -> GrantRecords.refusalReasons(jdbcUrl, grant))
                    .run(verdicts);
            System.out.println();
            System.out.println("== " + DatabaseLoss.NAME);
            new DatabaseLoss(cluster, load, postgres, phase, outage, agent, probeGrant).run(verdicts);
            if (load.grantsRanOut()) {
                System.out.println(
                        "Note: every grant was used up before the end; raise -Dchaos.grants or -Dchaos.uses");
            }
            System.out.println();
            System.out.println("== " + RecordsCheck.NAME);
            RecordsCheck.run(verdicts, approved, load.outcomes(), GrantRecords.read(jdbcUrl, agent.agent));
        } catch (RuntimeException e) {
            e.printStackTrace();
            verdicts.add("Run", "the run completed", false, e.toString());
        } finally {
            postgres.close();
        }
        System.out.println();
        System.out.print(verdicts.block());
        System.exit(verdicts.allMet() ? 0 : 1);
    }
}
