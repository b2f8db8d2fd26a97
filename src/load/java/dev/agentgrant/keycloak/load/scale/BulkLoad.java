package dev.agentgrant.keycloak.load.scale;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads persons, agents, grants and their audit records straight into Keycloak's and the extension's PostgreSQL
 * tables, in set-based {@code INSERT … SELECT … FROM generate_series} statements of {@value #CHUNK} rows, each
 * committed on its own: PostgreSQL generates the rows itself, so nothing crosses the wire but the statement (faster
 * than COPY, which still ships every row). A person is a {@code USER_ENTITY} row as Keycloak writes one (realm,
 * username, verified email, names the default user profile requires); an agent is a copy of an agent client the
 * admin API created ({@code CLIENT} with its secret, {@code CLIENT_ATTRIBUTES} with the extension's attributes) under
 * a new id and client_id. Keycloak reads rows it has not cached from the database, so the running server sees them.
 */
final class BulkLoad {

    static final int CHUNK = 100_000;

    private final Connection db;
    private final ScaleData data;
    private final String realmId;
    private final PrintStream out;

    private BulkLoad(Connection db, ScaleData data, String realmId, PrintStream out) {
        this.db = db;
        this.data = data;
        this.realmId = realmId;
        this.out = out;
    }

    static String realmId(Connection db, String realm) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select id from realm where name = ?")) {
            query.setString(1, realm);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("No realm " + realm);
                }
                return rows.getString(1);
            }
        }
    }

    /**
     * @param templateClientId the client_id of an agent created through the admin API, copied for every agent
     * @param now              epoch milliseconds the newest grant was requested
     */
    static void load(Connection db, ScaleData data, String realmId, String templateClientId, long now, PrintStream out)
            throws SQLException {
        db.setAutoCommit(true);
        BulkLoad load = new BulkLoad(db, data, realmId, out);
        load.persons();
        load.agents(templateClientId);
        load.grants(now);
        load.audit(now);
        long started = System.nanoTime();
        try (Statement statement = db.createStatement()) {
            statement.execute("analyze user_entity");
            statement.execute("analyze client");
            statement.execute("analyze client_attributes");
            statement.execute("analyze agent_grant_task_grant");
            statement.execute("analyze agent_grant_audit");
        }
        out.printf("  analyze: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void persons() throws SQLException {
        timed(
                "persons",
                data.persons(),
                "insert into user_entity (id, email, email_constraint, email_verified, enabled, first_name, last_name,"
                        + " realm_id, username, created_timestamp, not_before)"
                        + " select md5('" + ScaleData.PERSON_PREFIX + "' || n)::uuid::text,"
                        + " '" + ScaleData.PERSON_PREFIX + "' || n || '@example.com',"
                        + " '" + ScaleData.PERSON_PREFIX
                        + "' || n || '@example.com', true, true, 'Scale', 'Person ' || n,"
                        + " ?, '" + ScaleData.PERSON_PREFIX + "' || n, ?, 0"
                        + " from generate_series(?, ?) n",
                (statement, from, to) -> {
                    statement.setString(1, realmId);
                    statement.setLong(2, System.currentTimeMillis());
                    statement.setLong(3, from);
                    statement.setLong(4, to);
                });
    }

    private void agents(String templateClientId) throws SQLException {
        String templateId;
        try (PreparedStatement query =
                db.prepareStatement("select id from client where realm_id = ? and client_id = ?")) {
            query.setString(1, realmId);
            query.setString(2, templateClientId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                templateId = rows.getString(1);
            }
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = db.getMetaData().getColumns(null, null, "client", null)) {
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME"));
            }
        }
        List<String> values = columns.stream()
                .map(column -> switch (column) {
                    case "id" -> "md5('" + ScaleData.AGENT_PREFIX + "' || n)::uuid::text";
                    case "client_id" -> "'" + ScaleData.AGENT_PREFIX + "' || n";
                    case "name" -> "'Scale agent ' || n";
                    default -> "t." + column;
                })
                .toList();
        String id = "md5('" + ScaleData.AGENT_PREFIX + "' || n)::uuid::text";
        timed(
                "agents",
                data.agents(),
                "insert into client (" + String.join(", ", columns) + ") select " + String.join(", ", values)
                        + " from client t cross join generate_series(?, ?) n where t.id = ?",
                (statement, from, to) -> {
                    statement.setLong(1, from);
                    statement.setLong(2, to);
                    statement.setString(3, templateId);
                });
        timed(
                "agent attributes",
                data.agents(),
                "insert into client_attributes (client_id, name, value) select " + id + ", a.name, a.value"
                        + " from client_attributes a cross join generate_series(?, ?) n where a.client_id = ?",
                (statement, from, to) -> {
                    statement.setLong(1, from);
                    statement.setLong(2, to);
                    statement.setString(3, templateId);
                });
    }

    /** Grant {@code n} was requested {@code (grants - n)} steps before {@code now}, spread evenly over the spread. */
    private void grants(long now) throws SQLException {
        long step = Math.max(1, data.spread().toMillis() / data.grants());
        String person = "((n * 7919) % " + data.persons() + ")";
        String status = "(case n % 10 when 4 then 'PENDING' when 5 then 'DENIED' when 6 then 'EXPIRED'"
                + " when 9 then 'EXPIRED' when 7 then 'REVOKED' when 8 then 'EXHAUSTED' else 'APPROVED' end)";
        String decidedApproved = "(n % 10 not in (4, 5))";
        String sql =
                "insert into agent_grant_task_grant (id, realm_id, agent_id, agent_client_id, instance_jkt, status,"
                        + " user_id, login_hint, purpose, audience, requested_scope, approved_scope, authorization_details,"
                        + " requested_lifetime, approved_lifetime, max_uses, uses, user_code_hash, facts, attestation_sources,"
                        + " policy_id, policy_version, attestation_jti, identity_expires_at, requested_at, request_address,"
                        + " approval_expires_at, decided_at, expires_at, auth_time, acr, auth_methods, approved_delegates,"
                        + " ended_at, ended_by, end_reason, updated_at)"
                        + " select rtrim(translate(encode(sha256(('scale-grant-' || n)::bytea), 'base64'), '+/', '-_'), '='),"
                        + " ?, md5('" + ScaleData.AGENT_PREFIX + "' || (n % " + data.agents() + "))::uuid::text,"
                        + " '" + ScaleData.AGENT_PREFIX + "' || (n % " + data.agents() + "),"
                        + " substr(encode(sha256(('jkt-' || (n % " + data.agents() + "))::bytea), 'hex'), 1, 43), s,"
                        + " case when s = 'PENDING' then null else md5('" + ScaleData.PERSON_PREFIX + "' || " + person
                        + ")::uuid::text end,"
                        + " '" + ScaleData.PERSON_PREFIX + "' || " + person + ","
                        + " 'Move the 9:00 meeting with Dana to Friday (' || n || ')',"
                        + " '" + ScaleData.AUDIENCE_PREFIX + "' || (n % " + data.audiences() + "),"
                        + " 'calendar.read calendar.write',"
                        + " case when " + decidedApproved + " then 'calendar.read' end,"
                        + " '[]', 3600, case when " + decidedApproved + " then 3600 end, 10,"
                        + " case when s = 'EXHAUSTED' then 10 else (n % 3)::int end,"
                        + " case when s = 'PENDING' then encode(sha256(('code-' || n)::bytea), 'hex') end,"
                        + " '{\"spire.spiffe_id\":\"spiffe://example.org/agents/scale\"}', ' spire ', 'production-agents', '1',"
                        + " 'jti-' || n, null, t, '203.0.113.7',"
                        + " case when s = 'PENDING' then ? else t + 600000 end,"
                        + " case when s <> 'PENDING' then t + 60000 end,"
                        + " case when s = 'APPROVED' then ? when " + decidedApproved + " then t + 3660000 end,"
                        + " case when " + decidedApproved + " then t + 30000 end,"
                        + " case when " + decidedApproved + " then '1' end,"
                        + " case when " + decidedApproved + " then 'pwd' end, null,"
                        + " case when s in ('EXPIRED', 'REVOKED', 'EXHAUSTED') then t + 1800000 end,"
                        + " case when s in ('EXPIRED', 'EXHAUSTED') then 'system' when s = 'REVOKED' then 'user' end,"
                        + " case when s = 'EXPIRED' then 'expired' when s = 'EXHAUSTED' then 'exhausted'"
                        + " when s = 'REVOKED' then 'revoked_by_user' end,"
                        + " t"
                        + " from (select n, " + status + " s, ?::bigint - (" + data.grants() + " - n) * " + step + " t"
                        + " from generate_series(?, ?) n) g";
        long openUntil = now + 86_400_000L;
        timed("grants", data.grants(), sql, (statement, from, to) -> {
            statement.setString(1, realmId);
            statement.setLong(2, openUntil);
            statement.setLong(3, openUntil);
            statement.setLong(4, now);
            statement.setLong(5, from);
            statement.setLong(6, to);
        });
    }

    /** One audit record per grant, its request, when the grant was requested. */
    private void audit(long now) throws SQLException {
        long step = Math.max(1, data.spread().toMillis() / data.grants());
        timed(
                "audit records",
                data.grants(),
                "insert into agent_grant_audit (id, realm_id, grant_id, agent_client_id, recorded_at, action, outcome,"
                        + " actor_type, actor_id, address, details)"
                        + " select md5('scale-audit-' || n)::uuid::text, ?,"
                        + " rtrim(translate(encode(sha256(('scale-grant-' || n)::bytea), 'base64'), '+/', '-_'), '='),"
                        + " '" + ScaleData.AGENT_PREFIX + "' || (n % " + data.agents() + "),"
                        + " ?::bigint - (" + data.grants() + " - n) * " + step + ", 'requested', 'success', 'agent',"
                        + " '" + ScaleData.AGENT_PREFIX + "' || (n % " + data.agents() + "), '203.0.113.7',"
                        + " '{\"attestation_policy\":\"production-agents\"}'"
                        + " from generate_series(?, ?) n",
                (statement, from, to) -> {
                    statement.setString(1, realmId);
                    statement.setLong(2, now);
                    statement.setLong(3, from);
                    statement.setLong(4, to);
                });
    }

    private interface Binder {
        void bind(PreparedStatement statement, long from, long to) throws SQLException;
    }

    /** Rows 0 … count-1 in chunks of {@link #CHUNK}, each its own statement and commit. */
    private void timed(String what, long count, String sql, Binder binder) throws SQLException {
        long started = System.nanoTime();
        long inserted = 0;
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (long from = 0; from < count; from += CHUNK) {
                binder.bind(statement, from, Math.min(count, from + CHUNK) - 1);
                inserted += statement.executeUpdate();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("  %-16s %,10d rows in %6.1f s (%,.0f rows/s)%n", what, inserted, seconds, inserted / seconds);
    }
}
