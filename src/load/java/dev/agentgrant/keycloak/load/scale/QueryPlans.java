package dev.agentgrant.keycloak.load.scale;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of the hot queries, written as Hibernate sends them (the JPQL of
 * {@code GrantQueries}, {@code GrantSearch.list} and the audit purge, with bind parameters), and which indexes they
 * use. A sequential scan of the grant or audit table is flagged: at a million rows it reads every page.
 */
final class QueryPlans {

    record Query(String name, String sql, List<Object> parameters) {
        static Query of(String name, String sql, Object... parameters) {
            return new Query(name, sql, List.of(parameters));
        }
    }

    record Plan(Query query, List<String> lines, double millis, List<String> indexes, boolean scans) {}

    private static final Pattern INDEX =
            Pattern.compile("(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)?" + " (?:using|on) (\\w+)");
    private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (agent_grant_task_grant|agent_grant_audit)");
    private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");

    private QueryPlans() {}

    /** The hot queries for the loaded data, with {@code now} in epoch milliseconds. */
    static List<Query> hot(String realmId, ScaleData data, long now) {
        long n = data.grants() / 2;
        String grantId = ScaleData.grantId(n);
        long pendingN = n - (n % 10) + 4;
        String person = ScaleData.personId(data.personOf(n));
        String personName = ScaleData.personName(data.personOf(n));
        String agentId = ScaleData.uuidOf(ScaleData.AGENT_PREFIX + 7);
        long step = Math.max(1, data.spread().toMillis() / data.grants());
        long middle = now - (data.grants() - n) * step;
        String list = "select * from agent_grant_task_grant g where g.realm_id = ?";
        String page = " order by g.requested_at desc, g.id desc limit 21";
        List<Query> queries = new ArrayList<>(List.of(
                Query.of(
                        "grant by id (exchange, status poll)",
                        "select * from agent_grant_task_grant where id = ?",
                        grantId),
                Query.of(
                        "grant by user code (approval page)",
                        "select * from agent_grant_task_grant where realm_id = ? and user_code_hash = ?",
                        realmId,
                        sha256Hex("code-" + pendingN)),
                Query.of(
                        "pending requests of an agent (grant request limit)",
                        "select count(*) from agent_grant_task_grant where realm_id = ? and agent_id = ?"
                                + " and status = 'PENDING' and approval_expires_at > ?",
                        realmId,
                        agentId,
                        now),
                Query.of(
                        "person's page: their grants",
                        "select * from agent_grant_task_grant where realm_id = ? and user_id = ?"
                                + " order by requested_at desc limit 100",
                        realmId,
                        person),
                Query.of(
                        "person's page: requests naming them",
                        "select * from agent_grant_task_grant where realm_id = ? and login_hint in (?, ?)"
                                + " and status = 'PENDING' and approval_expires_at > ? order by requested_at desc"
                                + " limit 100",
                        realmId,
                        personName,
                        personName + "@example.com",
                        now),
                Query.of("admin list, no filter", list + page, realmId),
                Query.of(
                        "admin list, user",
                        list + " and (g.user_id = ? or (g.user_id is null and g.login_hint in (?, ?)))" + page,
                        realmId,
                        person,
                        personName,
                        personName + "@example.com"),
                Query.of("admin list, agent", list + " and g.agent_id = ?" + page, realmId, agentId),
                Query.of(
                        "admin list, audience",
                        list + " and g.audience = ?" + page,
                        realmId,
                        ScaleData.AUDIENCE_PREFIX + 3),
                Query.of("admin list, status DENIED", list + " and g.status = 'DENIED'" + page, realmId),
                Query.of(
                        "admin list, status PENDING",
                        list + " and (g.status = 'PENDING' and g.approval_expires_at > ?)" + page,
                        realmId,
                        now),
                Query.of(
                        "admin list, status EXPIRED",
                        list + " and (g.status = 'EXPIRED' or (g.status = 'PENDING' and g.approval_expires_at <= ?)"
                                + " or (g.status = 'APPROVED' and g.expires_at <= ?))" + page,
                        realmId,
                        now,
                        now),
                Query.of(
                        "admin list, created_after + created_before (one day)",
                        list + " and g.requested_at >= ? and g.requested_at < ?" + page,
                        realmId,
                        middle - 86_400_000L,
                        middle),
                Query.of(
                        "admin list, keyset page in the middle (after=)",
                        list + " and g.requested_at <= ? and (g.requested_at < ? or (g.requested_at = ? and g.id < ?))"
                                + page,
                        realmId,
                        middle,
                        middle,
                        middle,
                        grantId),
                Query.of(
                        "admin list, offset page in the middle (first=" + n + ")",
                        list + " order by g.requested_at desc, g.id desc offset " + n
                                + " rows fetch first 21 rows only",
                        realmId),
                Query.of(
                        "due for expiry: pending (cleanup batch)",
                        "select realm_id, id, agent_client_id from agent_grant_task_grant"
                                + " where status = 'PENDING' and approval_expires_at <= ? order by approval_expires_at"
                                + " fetch first 500 rows only",
                        now),
                Query.of(
                        "due for expiry: approved (cleanup batch)",
                        "select realm_id, id, agent_client_id from agent_grant_task_grant"
                                + " where status = 'APPROVED' and expires_at <= ? order by expires_at"
                                + " fetch first 500 rows only",
                        now),
                Query.of(
                        "audit purge batch (records past retention)",
                        "select id from agent_grant_audit where realm_id = ? and recorded_at < ?"
                                + " order by recorded_at fetch first 500 rows only",
                        realmId,
                        middle)));
        return queries;
    }

    static List<Plan> explain(Connection db, List<Query> queries) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        for (Query query : queries) {
            List<String> lines = new ArrayList<>();
            try (PreparedStatement statement = db.prepareStatement("explain (analyze, buffers) " + query.sql())) {
                for (int i = 0; i < query.parameters().size(); i++) {
                    statement.setObject(i + 1, query.parameters().get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
            }
            List<String> indexes = new ArrayList<>();
            boolean scans = false;
            double millis = 0;
            for (String line : lines) {
                Matcher index = INDEX.matcher(line);
                while (index.find()) {
                    if (!indexes.contains(index.group(1))) {
                        indexes.add(index.group(1));
                    }
                }
                scans |= SEQ_SCAN.matcher(line).find();
                Matcher execution = EXECUTION.matcher(line);
                if (execution.find()) {
                    millis = Double.parseDouble(execution.group(1));
                }
            }
            plans.add(new Plan(query, lines, millis, indexes, scans));
        }
        return plans;
    }

    static void print(List<Plan> plans, PrintStream out) {
        for (Plan plan : plans) {
            out.printf(
                    "%n-- %s: %.2f ms, %s%s%n",
                    plan.query().name(),
                    plan.millis(),
                    plan.indexes().isEmpty() ? "no index" : "indexes " + String.join(", ", plan.indexes()),
                    plan.scans() ? ", SEQUENTIAL SCAN" : "");
            out.println("   " + plan.query().sql());
            plan.lines().forEach(line -> out.println("   " + line));
        }
        out.println();
        out.println("Summary of the plans:");
        for (Plan plan : plans) {
            out.printf(
                    "  %-55s %8.2f ms  %s%s%n",
                    plan.query().name(),
                    plan.millis(),
                    plan.indexes().isEmpty() ? "-" : String.join(", ", plan.indexes()),
                    plan.scans() ? "  SEQUENTIAL SCAN" : "");
        }
    }

    static String sha256Hex(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder hex = new StringBuilder();
            for (byte b : hash) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
