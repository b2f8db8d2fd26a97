package dev.agentgrant.keycloak.load;

import dev.agentgrant.keycloak.testing.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The database work a task-grant token cannot do without, each statement alone, over JDBC against the server's own
 * PostgreSQL database once the load has ended: the conditional {@code UPDATE} consuming a use (the extension's
 * statement), the audit record's {@code INSERT} and the {@code COMMIT} that makes both durable. They run on scratch
 * tables made {@code LIKE} the extension's ({@code INCLUDING ALL}: columns, defaults, constraints, indexes), holding a
 * copy of one of the run's grants and audit rows shaped like the run's last one, so the rows, the indexes and the WAL
 * written are the extension's. Each statement's CPU is counted twice: the calling thread's
 * ({@link OperationCpu#threadNanos()}) and that of the PostgreSQL backend serving the connection
 * ({@link MachineCpu#processCpuNanos}, read before and after each statement).
 */
final class DatabaseFloor {

    private static final String GRANTS = "load_floor_grant";
    private static final String AUDIT = "load_floor_audit";
    /** GrantQueries.CONSUME_SEEN_USE (the use count held to the one read), as Hibernate sends it. */
    private static final String CONSUME_USE = "update " + GRANTS + " set uses = uses + 1, updated_at = ?"
            + " where id = ? and realm_id = ? and status = 'APPROVED' and uses < max_uses and expires_at > ?"
            + " and uses = ?";

    private final Database database;
    private final String databaseName;
    private final Duration time;

    DatabaseFloor(Database database, String databaseName, Duration time) {
        this.database = database;
        this.databaseName = databaseName;
        this.time = time;
    }

    /** The UPDATE, the INSERT and the COMMIT, in that order. */
    List<FloorOperation> measure(String updateStage, String insertStage, String commitStage) {
        try (Connection connection = database.connect(databaseName)) {
            connection.setAutoCommit(false);
            String[] grant = scratchTables(connection);
            long backend = backendPid(connection);
            AuditRow audit = AuditRow.lastOf(connection);
            try (PreparedStatement update = connection.prepareStatement(CONSUME_USE);
                    PreparedStatement insert = connection.prepareStatement(audit.insertInto(AUDIT))) {
                Transaction transaction = new Transaction(connection, update, insert, audit, grant, backend);
                transaction.repeat(time);
                transaction.reset();
                transaction.repeat(time);
                int n = transaction.runs;
                return List.of(
                        new FloorOperation(
                                "conditional UPDATE consuming a use (JDBC)",
                                updateStage,
                                transaction.client[0] / 1000.0 / n,
                                transaction.backendMicros(0),
                                true),
                        new FloorOperation(
                                "audit record INSERT (JDBC)",
                                insertStage,
                                transaction.client[1] / 1000.0 / n,
                                transaction.backendMicros(1),
                                true),
                        new FloorOperation(
                                "COMMIT (JDBC, WAL flushed)",
                                commitStage,
                                transaction.client[2] / 1000.0 / n,
                                transaction.backendMicros(2),
                                true));
            } finally {
                connection.rollback();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("drop table " + GRANTS);
                    statement.execute("drop table " + AUDIT);
                }
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The database floor failed: " + e.getMessage(), e);
        }
    }

    /** Creates the scratch tables and copies one grant in, with no use consumed; answers its id and realm id. */
    private static String[] scratchTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table " + GRANTS + " (like agent_grant_task_grant including all)");
            statement.execute("create table " + AUDIT + " (like agent_grant_audit including all)");
            statement.execute("insert into " + GRANTS
                    + " select * from agent_grant_task_grant where status = 'APPROVED' limit 1");
            statement.execute("update " + GRANTS + " set uses = 0");
            try (ResultSet row = statement.executeQuery("select id, realm_id from " + GRANTS)) {
                if (!row.next()) {
                    throw new SQLException("No approved grant to copy");
                }
                String[] grant = {row.getString(1), row.getString(2)};
                connection.commit();
                return grant;
            }
        }
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            long pid = row.getLong(1);
            connection.commit();
            return pid;
        }
    }

    /** The run's last audit record: its columns, and its values to copy (with a fresh id and time). */
    private record AuditRow(List<String> columns, List<Object> values) {

        static AuditRow lastOf(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(
                            "select * from agent_grant_audit order by recorded_at desc limit 1")) {
                if (!row.next()) {
                    throw new SQLException("No audit record to copy");
                }
                ResultSetMetaData meta = row.getMetaData();
                List<String> columns = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                    values.add(row.getObject(i));
                }
                connection.commit();
                return new AuditRow(columns, values);
            }
        }

        String insertInto(String table) {
            return "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        }

        void bind(PreparedStatement insert, long now) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                Object value = switch (columns.get(i).toLowerCase(java.util.Locale.ROOT)) {
                    case "id" -> UUID.randomUUID().toString();
                    case "recorded_at" -> now;
                    default -> values.get(i);
                };
                insert.setObject(i + 1, value);
            }
        }
    }

    /** The three statements of one token, repeated, with each one's CPU summed. */
    private static final class Transaction {

        private final Connection connection;
        private final PreparedStatement update;
        private final PreparedStatement insert;
        private final AuditRow audit;
        private final String[] grant;
        private final long backend;
        final long[] client = new long[3];
        final long[] server = new long[3];
        boolean backendReadable = true;
        int runs;
        /** The grant's use count, as the exchange has read it before consuming a use. */
        int seen;

        Transaction(
                Connection connection,
                PreparedStatement update,
                PreparedStatement insert,
                AuditRow audit,
                String[] grant,
                long backend) {
            this.connection = connection;
            this.update = update;
            this.insert = insert;
            this.audit = audit;
            this.grant = grant;
            this.backend = backend;
        }

        void reset() {
            java.util.Arrays.fill(client, 0);
            java.util.Arrays.fill(server, 0);
            runs = 0;
        }

        void repeat(Duration time) throws SQLException {
            long deadline = System.nanoTime() + time.toNanos();
            do {
                long now = System.currentTimeMillis();
                update.setLong(1, now);
                update.setString(2, grant[0]);
                update.setString(3, grant[1]);
                update.setLong(4, now);
                update.setInt(5, seen);
                audit.bind(insert, now);
                step(0, () -> {
                    if (update.executeUpdate() != 1) {
                        throw new SQLException("The conditional update consumed no use");
                    }
                });
                step(1, insert::executeUpdate);
                step(2, connection::commit);
                seen++;
                runs++;
            } while (System.nanoTime() < deadline);
        }

        private interface Step {
            void run() throws SQLException;
        }

        private void step(int index, Step statement) throws SQLException {
            long backendBefore = MachineCpu.processCpuNanos(backend);
            long before = OperationCpu.threadNanos();
            statement.run();
            client[index] += OperationCpu.threadNanos() - before;
            long backendAfter = MachineCpu.processCpuNanos(backend);
            if (backendBefore < 0 || backendAfter < 0) {
                backendReadable = false;
            }
            server[index] += backendAfter - backendBefore;
        }

        double backendMicros(int index) {
            return backendReadable ? server[index] / 1000.0 / runs : Double.NaN;
        }
    }
}
