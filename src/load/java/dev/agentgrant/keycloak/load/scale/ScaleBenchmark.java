package dev.agentgrant.keycloak.load.scale;

import dev.agentgrant.keycloak.grant.AgentGrantFixture;
import dev.agentgrant.keycloak.load.ClosedLoop;
import dev.agentgrant.keycloak.load.LoadOptions;
import dev.agentgrant.keycloak.load.LoadRealm;
import dev.agentgrant.keycloak.load.LoadServer;
import dev.agentgrant.keycloak.load.MachineCpu;
import dev.agentgrant.keycloak.load.Sample;
import dev.agentgrant.keycloak.load.Scenario;
import dev.agentgrant.keycloak.testing.AdminApi;
import dev.agentgrant.keycloak.testing.Database;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./mvnw -Pload -Dload.mode=scale} (docs/performance.md, "A million grants"): the token endpoint and the reads
 * around grants on a database holding a million of them. One production-mode Keycloak on PostgreSQL; the exchange
 * (and the agent's grant request and status poll) measured on the small database first, then the bulk load, then
 * every hot read measured again with its p99 target, the query plans of the hot queries, and last the cleanup phase:
 * half the grants become due at once and the exchange is measured while the cleanup works the backlog off.
 */
public final class ScaleBenchmark {

    static final String REALM = AgentGrantFixture.REALM;
    /** The targets (docs/performance.md, "A million grants"). */
    static final double REQUEST_P99 = 50;

    static final double POLL_P99 = 50;
    static final double PERSON_PAGE_P99 = 100;
    static final double ADMIN_LIST_P99 = 100;
    /** The admin list page reached by an offset, for comparison with the keyset page. */
    private static final String OFFSET_PAGE = "offset page in the middle";

    static final double THROUGHPUT_FLOOR = 0.9;
    static final double CLEANUP_P99_CEILING = 1.5;

    private final PrintStream out;
    private final LoadOptions options;
    private final ScaleOptions scale;
    private final Measurements results = new Measurements();
    private Scenario exchangeScenario;
    /** The exchange's latest throughput, to size its next batch of proofs. */
    private double exchangeRate = 10;

    private ScaleBenchmark(PrintStream out, LoadOptions options, ScaleOptions scale) {
        this.out = out;
        this.options = options;
        this.scale = scale;
    }

    /** Answers whether every verdict passed. */
    public static boolean run(PrintStream out) throws Exception {
        return new ScaleBenchmark(out, LoadOptions.fromSystemProperties(), ScaleOptions.fromSystemProperties()).run();
    }

    private boolean run() throws Exception {
        if (options.database() != Database.POSTGRES) {
            throw new IllegalArgumentException("The scale run loads PostgreSQL (generate_series, its plans): load.db"
                    + " must be postgres, not " + options.database());
        }
        out.println("A million grants, " + Instant.now() + ": " + scale + "; " + options.concurrency()
                + " virtual users, " + options.duration().toSeconds() + " s per measurement");
        out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores");
        LoadServer server = LoadServer.start(
                HarnessSettings.fromSystemProperties(),
                options.database(),
                options.serverJava(),
                Optional.empty(),
                List.of("--spi-events-listener--agent-grant-lifecycle--cleanup-interval=" + scale.cleanupInterval()));
        Thread stopOnExit = new Thread(server::close, "scale-server-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try (Connection db = options.database().connect(server.databaseName());
                ClosedLoop loop = new ClosedLoop(options.concurrency(), new MachineCpu(server.databaseName()))) {
            out.println(
                    "Server: " + server.describe() + ", log " + server.logFile().orElseThrow());
            return measure(server, db, loop);
        } finally {
            server.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private boolean measure(LoadServer server, Connection db, ClosedLoop loop) throws Exception {
        LoadRealm realm = LoadRealm.configure(server, options.grants());
        List<AgentGrantFixture> requesters = new ArrayList<>();
        for (int i = 0; i < GrantRequestScenario.AGENTS; i++) {
            requesters.add(AgentGrantFixture.create(
                    server,
                    Map.of("agent-grant.max-pending-requests", Integer.toString(GrantRequestScenario.MAX_PENDING))));
        }
        // The template of the loaded agents: BulkLoad copies its client, secret included.
        AgentGrantFixture requester = requesters.get(0);
        AdminApi admin = server.admin();
        Scenario exchange = realm.scenarios(options.concurrency()).get(0);
        exchangeScenario = exchange;
        Scenario request = new GrantRequestScenario(requesters, admin, server.baseUri());
        Scenario poll = GetScenario.cycling(
                "status poll",
                realm.grantIds().stream()
                        .map(id -> server.baseUri().resolve(realm.agent().endpoint("grants/" + id)))
                        .toList(),
                "Authorization",
                () -> realm.agent().basicAuth());
        for (Scenario scenario : List.of(exchange, request, poll)) {
            String failure = loop.probe(scenario);
            if (failure != null) {
                throw new IllegalStateException(scenario.name() + " does not work: " + failure);
            }
        }

        out.println("\nWarm-up: " + options.warmup().toSeconds() + " s of exchanges");
        exchangeRate = loop.run(exchange, options.warmup(), 10).throughput();
        out.println("\n1. The small database (" + count(db, "agent_grant_task_grant") + " grants)");
        Measurements.header(out);
        Sample smallExchange = measured(loop, exchange, "exchange", 0);
        measured(loop, request, "grant request", 0);
        measured(loop, poll, "status poll (the agent's own grants)", 0);

        out.println("\n2. Bulk load");
        long now = System.currentTimeMillis();
        String realmId = BulkLoad.realmId(db, REALM);
        long started = System.nanoTime();
        BulkLoad.load(db, scale.data(), realmId, requester.agent, now, out);
        out.printf(
                "  loaded in %.1f s; the database now holds %,d grants, %,d audit records, %,d users, %,d clients%n",
                (System.nanoTime() - started) / 1e9,
                count(db, "agent_grant_task_grant"),
                count(db, "agent_grant_audit"),
                count(db, "user_entity"),
                count(db, "client"));

        out.println("\n3. The large database");
        List<Scenario> reads = largeReads(server, admin, requester);
        for (Scenario scenario : reads) {
            String failure = loop.probe(scenario);
            if (failure != null) {
                throw new IllegalStateException(scenario.name() + " does not work: " + failure);
            }
        }
        loop.run(exchange, Duration.ofSeconds(Math.min(10, options.warmup().toSeconds())), exchangeRate);
        Measurements.header(out);
        Sample largeExchange = measured(loop, exchange, "exchange", 0);
        measured(loop, request, "grant request", REQUEST_P99);
        for (Scenario scenario : reads) {
            // The target is the keyset page's: an offset page deep in the table is measured to show what the cursor
            // saves (its cost grows with the offset), without a verdict.
            double target = scenario.name().startsWith("status poll")
                    ? POLL_P99
                    : scenario.name().startsWith("my-grants")
                            ? PERSON_PAGE_P99
                            : scenario.name().contains(OFFSET_PAGE) ? 0 : ADMIN_LIST_P99;
            measured(loop, scenario, scenario.name(), target);
        }
        double ratio = largeExchange.throughput() / smallExchange.throughput();
        results.verdict(
                ratio >= THROUGHPUT_FLOOR && largeExchange.errors() == 0,
                String.format(
                        "exchange throughput on the large database %.1f/s is %.2f× the small one's %.1f/s (floor %.2f)",
                        largeExchange.throughput(), ratio, smallExchange.throughput(), THROUGHPUT_FLOOR));

        out.println("\n4. Query plans (EXPLAIN (ANALYZE, BUFFERS), PostgreSQL, " + count(db, "agent_grant_task_grant")
                + " grants)");
        List<QueryPlans.Plan> plans = QueryPlans.explain(db, QueryPlans.hot(realmId, scale.data(), now));
        QueryPlans.print(plans, out);
        for (QueryPlans.Plan plan : plans) {
            if (plan.scans() && !plan.query().name().contains("offset")) {
                results.verdict(false, "the plan of '" + plan.query().name() + "' scans the table");
            }
        }

        out.println("\n5. Cleanup of a backlog while the exchange runs");
        cleanup(server, db, loop, exchange, largeExchange);

        results.printVerdicts(out);
        return !results.failed();
    }

    /** The reads whose p99 has a target on the large database. */
    private List<Scenario> largeReads(LoadServer server, AdminApi admin, AgentGrantFixture requester) throws Exception {
        ScaleData data = scale.data();
        URI base = server.baseUri();
        List<Scenario> reads = new ArrayList<>();
        // An agent's polls of its own grants, spread over the thousand of them (most not in any cache).
        int agent = 7;
        List<URI> polled = new ArrayList<>();
        for (long n = agent; n < data.grants() && polled.size() < 1_000; n += data.agents()) {
            polled.add(base.resolve(AgentGrantFixture.path("grants/" + ScaleData.grantId(n))));
        }
        String agentAuth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((ScaleData.AGENT_PREFIX + agent + ":" + requester.secret)
                                .getBytes(StandardCharsets.UTF_8));
        reads.add(GetScenario.cycling(
                "status poll (1,000 grants of a loaded agent)", polled, "Authorization", () -> agentAuth));

        // A loaded person with the usual share of grants, signed in.
        long person = data.personOf(data.grants() / 2);
        String cookie = PersonSession.signIn(server, REALM, ScaleData.personId(person), ScaleData.personName(person));
        reads.add(GetScenario.of(
                        "my-grants page (" + countOfPerson(data, person) + " grants)",
                        base.resolve("/realms/" + REALM + "/agent-grant/my-grants"),
                        "Cookie",
                        () -> cookie)
                .succeedingWhen(response ->
                        response.statusCode() == 200 && !response.body().contains("id=\"password\"")));

        long step = Math.max(1, data.spread().toMillis() / data.grants());
        long middleN = data.grants() / 2;
        long middleAt = System.currentTimeMillis() - (data.grants() - middleN) * step;
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("no filter", "");
        filters.put("user", "user=" + ScaleData.personId(person));
        filters.put("agent", "agent=" + ScaleData.AGENT_PREFIX + agent);
        filters.put("audience", "audience=" + ScaleData.AUDIENCE_PREFIX + 3);
        filters.put("status=PENDING", "status=PENDING");
        filters.put("status=DENIED", "status=DENIED");
        filters.put("status=EXPIRED", "status=EXPIRED");
        filters.put(
                "created_after + created_before (one day)",
                "created_after=" + (middleAt / 1000 - 86_400) + "&created_before=" + middleAt / 1000);
        filters.put(
                "all filters",
                "user=" + ScaleData.personId(person) + "&agent=" + data.agentOf(middleN) + "&audience="
                        + ScaleData.AUDIENCE_PREFIX + (middleN % data.audiences()) + "&status=APPROVED"
                        + "&created_after=0&created_before=" + (System.currentTimeMillis() / 1000 + 86_400));
        filters.put(
                "keyset page in the middle (after=)",
                "after=" + URLEncoder.encode(cursor(middleAt, ScaleData.grantId(middleN)), StandardCharsets.UTF_8));
        filters.put(OFFSET_PAGE + " (first=" + middleN + ")", "first=" + middleN);
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            URI uri = base.resolve("/admin/realms/" + REALM + "/agent-grant/grants?max=20"
                    + (filter.getValue().isEmpty() ? "" : "&" + filter.getValue()));
            reads.add(GetScenario.of(
                    "admin list, " + filter.getKey(), uri, "Authorization", () -> "Bearer " + admin.bearerToken()));
        }
        return reads;
    }

    /** The admin list's cursor format (grant/admin/GrantCursor): base64url of "millis.id". */
    private static String cursor(long millis, String id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((millis + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long countOfPerson(ScaleData data, long person) {
        long count = 0;
        for (long n = 0; n < data.grants(); n++) {
            if (data.personOf(n) == person) {
                count++;
            }
        }
        return count;
    }

    /**
     * Makes every open loaded grant due at once (an UPDATE of their expiry) and half the audit records older than
     * the realm's retention (set to half the spread), then measures the exchange while the cleanup task works, until
     * nothing is due and nothing is past retention, or the limit.
     */
    private void cleanup(LoadServer server, Connection db, ClosedLoop loop, Scenario exchange, Sample without)
            throws Exception {
        long now = System.currentTimeMillis();
        long dueAt = now - 1_000;
        long started = System.nanoTime();
        int due;
        try (PreparedStatement update = db.prepareStatement("update agent_grant_task_grant set"
                + " expires_at = case when status = 'APPROVED' then ? else expires_at end,"
                + " approval_expires_at = case when status = 'PENDING' then ? else approval_expires_at end"
                + " where agent_client_id like 'scale-agent-%' and status in ('APPROVED', 'PENDING')")) {
            update.setLong(1, dueAt);
            update.setLong(2, dueAt);
            due = update.executeUpdate();
        }
        long retentionDays = Math.max(1, scale.data().spread().toDays() / 2);
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("attributes", Map.of("agent-grant.audit-retention", retentionDays + "d"));
        server.admin().put("/realms/" + REALM, representation).expect(204);
        long pastRetention =
                pastRetention(db, now - Duration.ofDays(retentionDays).toMillis());
        out.printf(
                "  %,d grants made due (UPDATE in %.1f s); %,d audit records past a retention of %d days; cleanup every"
                        + " %d s, each run at most 10,000 grants and 10,000 audit records, in batches of 500%n",
                due, (System.nanoTime() - started) / 1e9, pastRetention, retentionDays, scale.cleanupInterval());
        Measurements.header(out);

        Sample during = new Sample();
        Instant cleanupStart = Instant.now();
        long deadline = System.nanoTime() + scale.cleanupLimit().toNanos();
        long dueLeft = due;
        long auditLeft = pastRetention;
        Duration chunk =
                Duration.ofSeconds(Math.max(15, Math.min(60, options.duration().toSeconds())));
        while ((dueLeft > 0 || auditLeft > 0) && System.nanoTime() < deadline) {
            Sample sample = loop.run(exchange, chunk, exchangeRate);
            exchangeRate = Math.max(1, sample.throughput());
            during.add(sample);
            dueLeft = dueNow(db);
            auditLeft = pastRetention(
                    db,
                    System.currentTimeMillis() - Duration.ofDays(retentionDays).toMillis());
            out.printf(
                    "    after %4d s: %,9d grants still due, %,9d audit records past retention; exchange p99 %.1f ms,"
                            + " %.1f/s%n",
                    Duration.between(cleanupStart, Instant.now()).toSeconds(),
                    dueLeft,
                    auditLeft,
                    sample.millisAt(99),
                    sample.throughput());
        }
        long seconds = Math.max(1, Duration.between(cleanupStart, Instant.now()).toSeconds());
        Measurements.Measurement measurement = results.add("exchange during cleanup", during, 0);
        Measurements.line(out, measurement);
        out.printf(
                "  worked off %,d of %,d due grants (%.0f per s) and %,d of %,d audit records in %d s%n",
                due - dueLeft,
                due,
                (due - dueLeft) / (double) seconds,
                pastRetention - auditLeft,
                pastRetention,
                seconds);
        results.verdict(
                dueLeft == 0 && auditLeft == 0,
                String.format(
                        "the cleanup worked off the backlog of %,d grants and %,d audit records within %d s",
                        due, pastRetention, scale.cleanupLimit().toSeconds()));
        double ratio = during.millisAt(99) / without.millisAt(99);
        results.verdict(
                ratio <= CLEANUP_P99_CEILING && during.errors() == 0,
                String.format(
                        "exchange p99 during cleanup %.1f ms is %.2f× the %.1f ms without (ceiling %.1f×), %d errors",
                        during.millisAt(99), ratio, without.millisAt(99), CLEANUP_P99_CEILING, during.errors()));
    }

    private Sample measured(ClosedLoop loop, Scenario scenario, String name, double p99Target) {
        // The exchange's batch of DPoP proofs is sized by its last rate: one too large on a slow machine holds proofs
        // that are stale by the time they are sent.
        Sample sample = loop.run(scenario, options.duration(), scenario == exchangeScenario ? exchangeRate : 50);
        if (scenario == exchangeScenario) {
            exchangeRate = Math.max(1, sample.throughput());
        }
        Measurements.line(out, results.add(name, sample, p99Target));
        return sample;
    }

    private static long count(Connection db, String table) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select count(*) from " + table);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long dueNow(Connection db) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement query = db.prepareStatement("select count(*) from agent_grant_task_grant where"
                + " (status = 'PENDING' and approval_expires_at <= ?) or (status = 'APPROVED' and expires_at <= ?)")) {
            query.setLong(1, now);
            query.setLong(2, now);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long pastRetention(Connection db, long cutoff) throws SQLException {
        try (PreparedStatement query =
                db.prepareStatement("select count(*) from agent_grant_audit where recorded_at < ?")) {
            query.setLong(1, cutoff);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
